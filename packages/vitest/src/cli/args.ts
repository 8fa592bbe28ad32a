/**
 * Splits a command line into interleave's own flags and everything else (which
 * goes to vitest untouched, in order). Flags: `--race`, `--no-race`,
 * `--seed N`, `--schedules N`, `--strategy S`, `--replay TOKEN`,
 * `--explore-shard I/N`, `--fixture NAME`, `--failures FILE`, `--timeline`; `--flag=value` works too.
 */

/** interleave's flags, as parsed. */
export interface InterleaveFlags {
  race?: boolean;
  seed?: number;
  schedules?: number;
  strategy?: string;
  /** `--explore-shard I/N`: this machine runs part I of N of each test's exploration (docs/ci.md). */
  exploreShard?: string;
  replay?: string;
  fixture?: string;
  failures?: string;
  /** Print the path of each failing test's timeline page at the end (INTERLEAVE_TIMELINE). */
  timeline?: boolean;
}

/** The parse: our flags, the rest of the arguments, and a usage error if any. */
export interface ParsedArgs {
  flags: InterleaveFlags;
  rest: string[];
}

const VALUED = new Set(['seed', 'schedules', 'strategy', 'explore-shard', 'replay', 'fixture', 'failures']);

/**
 * Parses `argv` (without the program and command names).
 *
 * @example
 * ```ts
 * parseArgs(['a.spec.ts', '--race', '--seed=3', '-t', 'x']);
 * // { flags: { race: true, seed: 3 }, rest: ['a.spec.ts', '-t', 'x'] }
 * ```
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags: InterleaveFlags = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--race') { flags.race = true; continue; }
    if (arg === '--no-race') { flags.race = false; continue; }
    if (arg === '--timeline') { flags.timeline = true; continue; }
    const m = /^--([a-z]+(?:-[a-z]+)*)(?:=(.*))?$/s.exec(arg);
    const name = m?.[1];
    if (!m || name === undefined || !VALUED.has(name)) {
      const near = nearMiss(arg);
      if (near) throw new UsageError(`unknown flag ${arg}: did you mean ${near}?`);
      rest.push(arg);
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      i++;
    }
    setFlag(flags, name, value);
  }
  return { flags, rest };
}

/**
 * vitest ignores flags it does not know, so a typo of ours (`--rase`,
 * `--schedule`) would silently explore with defaults. A flag within edit
 * distance 1 (2 for longer names) of one of ours is an error; no vitest flag
 * is that close to any of them.
 */
function nearMiss(arg: string): string | undefined {
  const word = /^--(?:no-)?([a-zA-Z]+(?:-[a-zA-Z]+)*)(?:=.*)?$/s.exec(arg)?.[1];
  if (word === undefined) return undefined;
  const ours = ['race', 'timeline', ...VALUED];
  const close = ours.find((f) => distance(word, f) <= (f.length <= 4 ? 1 : 2));
  return close === undefined ? undefined : `--${close}`;
}

/** Edit distance with adjacent transpositions (optimal string alignment): `rcae` is 1 from `race`. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

function setFlag(flags: InterleaveFlags, name: string, value: string): void {
  switch (name) {
    case 'seed': flags.seed = integer(name, value, 0); break;
    case 'schedules': flags.schedules = integer(name, value, 1); break;
    case 'strategy': flags.strategy = value; break;
    case 'explore-shard': flags.exploreShard = shard(value); break;
    case 'replay': flags.replay = value; break;
    case 'fixture': flags.fixture = value; break;
    case 'failures': flags.failures = value; break;
  }
}

/** `I/N` with 1 <= I <= N, as vitest's `--shard`. */
function shard(value: string): string {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`--explore-shard ${value}: expected I/N with 1 <= I <= N, such as 2/4`);
  return value;
}

function integer(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} ${value}: expected an integer of at least ${min}`);
  return n;
}

/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The INTERLEAVE_* variables that carry the flags to vitest's workers.
 *
 * @example
 * ```ts
 * flagsToEnv({ race: true, seed: 3 }); // { INTERLEAVE_COMMAND_LINE: '1', INTERLEAVE_RACE: '1', INTERLEAVE_SEED: '3' }
 * ```
 */
export function flagsToEnv(flags: InterleaveFlags): Record<string, string> {
  const env: Record<string, string> = { INTERLEAVE_COMMAND_LINE: '1' };
  if (flags.race !== undefined) env.INTERLEAVE_RACE = flags.race ? '1' : '0';
  if (flags.seed !== undefined) env.INTERLEAVE_SEED = String(flags.seed);
  if (flags.schedules !== undefined) env.INTERLEAVE_SCHEDULES = String(flags.schedules);
  if (flags.strategy !== undefined) env.INTERLEAVE_STRATEGY = flags.strategy;
  if (flags.exploreShard !== undefined) env.INTERLEAVE_EXPLORE_SHARD = flags.exploreShard;
  if (flags.replay !== undefined) env.INTERLEAVE_REPLAY = flags.replay;
  if (flags.timeline === true) env.INTERLEAVE_TIMELINE = '1';
  return env;
}
