/**
 * `interleave test [--race] [--seed N] [--schedules N] [--strategy S]
 * [--replay TOKEN] [vitest arguments]`: puts the flags in INTERLEAVE_*
 * variables (vitest's workers inherit them) and starts vitest through its Node
 * API with the remaining arguments. Runs once (`vitest run`) unless the
 * arguments start with `watch`/`dev`. The exit code is vitest's; a `--replay`
 * that ran no test (its file and name match none) is an error.
 */
import { flagsToEnv, parseArgs, UsageError } from './args.ts';

const SUBCOMMANDS = new Set(['run', 'watch', 'dev']);

/**
 * Runs vitest with interleave's flags applied.
 *
 * @example
 * ```ts
 * process.exitCode = await testCommand(['src/pool.test.ts', '--race', '-t', 'drains']);
 * ```
 */
export async function testCommand(argv: readonly string[]): Promise<number> {
  const { flags, rest } = parseArgs(argv);
  Object.assign(process.env, flagsToEnv(flags));
  const { parseCLI, startVitest } = await import('vitest/node');
  const mode = rest[0] !== undefined && SUBCOMMANDS.has(rest[0]) ? [] : ['run'];
  const { filter, options } = parseVitestArgs(parseCLI, ['vitest', ...mode, ...rest]);
  // What vitest's own CLI does to its options before starting.
  if (options.exclude) {
    options.cliExclude = Array.isArray(options.exclude) ? options.exclude : [options.exclude];
    delete options.exclude;
  }
  if (filter.some((f) => f.includes(':'))) options.includeTaskLocation ??= true;
  const ctx = await startVitest('test', filter, options);
  const ran = testsRun(ctx.state.getFiles());
  if (!ctx.shouldKeepServer()) await ctx.exit();
  if (flags.replay !== undefined && ran === 0) {
    throw new Error(`--replay ${abbreviate(flags.replay)}: no test ran (the file and -t name match no test)`);
  }
  return exitCode();
}

/** A vitest task, as far as counting goes. */
interface TaskLike {
  type: string;
  mode: string;
  tasks?: readonly TaskLike[];
}

/** Tests that ran (were neither skipped nor todo), in the files' task trees. */
function testsRun(tasks: readonly TaskLike[]): number {
  let n = 0;
  for (const t of tasks) {
    if (t.type === 'test' && t.mode === 'run') n++;
    if (t.tasks) n += testsRun(t.tasks);
  }
  return n;
}

function abbreviate(token: string): string {
  return token.length > 24 ? `${token.slice(0, 24)}…` : token;
}

/** vitest's own parse; its complaints about arguments are usage errors. */
function parseVitestArgs<R>(parse: (argv: string[]) => R, argv: string[]): R {
  try {
    return parse(argv);
  } catch (e) {
    throw new UsageError(`vitest arguments: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function exitCode(): number {
  const code = process.exitCode;
  if (code === undefined || code === null) return 0;
  return typeof code === 'number' ? code : Number(code) || 1;
}
