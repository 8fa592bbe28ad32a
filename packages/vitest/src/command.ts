/**
 * The pasteable command that re-runs one test: `npx interleave test <file>
 * -t '<^name$>' [--root <dir>] [--race] [--seed N | --replay TOKEN]`.
 *
 * vitest's `-t` is a regular expression matched against the test's describe
 * names and own name joined by single spaces, so the name is escaped and
 * anchored; the whole argument is single-quoted for POSIX shells.
 */
import { relative, sep } from 'node:path';

/** A vitest task as far as naming goes: its own name and its parent suites. */
export interface NamedTask {
  name: string;
  suite?: NamedTask | undefined;
}

/**
 * The names from the outermost describe block down to the test itself.
 *
 * @example
 * ```ts
 * namePath({ name: 'b', suite: { name: 'a' } }); // ['a', 'b']
 * ```
 */
export function namePath(task: NamedTask): string[] {
  const names: string[] = [];
  for (let t: NamedTask | undefined = task; t; t = t.suite) {
    if (t.name !== '') names.unshift(t.name);
  }
  return names;
}

/**
 * Escapes every regular-expression metacharacter.
 *
 * @example
 * ```ts
 * escapeRegExp('a (b)'); // 'a \\(b\\)'
 * ```
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Quotes one argument for a POSIX shell, leaving plain words alone.
 *
 * @example
 * ```ts
 * shellQuote("it's"); // "'it'\\''s'"
 * ```
 */
export function shellQuote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** What the re-run command needs to know. */
export interface CommandParts {
  /** Absolute path of the test file. */
  file: string;
  /** Describe names and the test name, outermost first. */
  names: string[];
  /** vitest's root, absolute; `--root` is added when it is not `cwd`. */
  root: string;
  cwd: string;
  race: boolean;
  /** Replay this token. */
  replay?: string;
  /** Or explore again with this run seed (added when not 0). */
  seed?: number;
}

/**
 * Builds the command, paths relative to `cwd` with forward slashes.
 *
 * @example
 * ```ts
 * replayCommand({ file: '/r/a.spec.ts', names: ['pool', 'works'], root: '/r', cwd: '/r', race: true, replay: 'il1.x' });
 * // "npx interleave test a.spec.ts -t '^pool works$' --race --replay il1.x"
 * ```
 */
export function replayCommand(p: CommandParts): string {
  return ['npx', 'interleave', 'test', ...testArgs(p)].map(shellQuote).join(' ');
}

/**
 * The arguments of `interleave test` that re-run the test (the command without
 * `npx interleave test`, unquoted).
 *
 * @example
 * ```ts
 * testArgs({ file: '/r/a.spec.ts', names: ['x'], root: '/r', cwd: '/r', race: false, replay: 'il1.x' });
 * // ['a.spec.ts', '-t', '^x$', '--replay', 'il1.x']
 * ```
 */
export function testArgs(p: CommandParts): string[] {
  const args = [toPosix(relative(p.cwd, p.file)), '-t', `^${escapeRegExp(p.names.join(' '))}$`];
  const root = toPosix(relative(p.cwd, p.root));
  if (root !== '') args.push('--root', root);
  if (p.race) args.push('--race');
  if (p.replay !== undefined) args.push('--replay', p.replay);
  else if (p.seed !== undefined && p.seed !== 0) args.push('--seed', String(p.seed));
  return args;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
