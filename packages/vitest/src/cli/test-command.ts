/**
 * `interleave test [--race] [--seed N] [--schedules N] [--strategy S]
 * [--replay TOKEN] [vitest arguments]`: puts the flags in INTERLEAVE_*
 * variables (vitest's workers inherit them) and starts vitest through its Node
 * API with the remaining arguments. Runs once (`vitest run`) unless the
 * arguments start with `watch`/`dev`. The exit code is vitest's.
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
  if (!ctx.shouldKeepServer()) await ctx.exit();
  return exitCode();
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
