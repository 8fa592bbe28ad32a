/**
 * The `interleave` command: `test` (vitest with interleave's flags), `replay`
 * (one test, one schedule) and `explore` (a plain module, outside vitest).
 * bin/interleave.mjs runs this file (dist/cli.js once built).
 */
import { createRequire } from 'node:module';
import { UsageError } from './cli/args.ts';
import { exploreCommand } from './cli/explore-command.ts';
import { replayCommand } from './cli/replay-command.ts';
import { testCommand } from './cli/test-command.ts';

/** Each command's usage, shown by `interleave COMMAND --help` (which runs nothing). */
export const COMMAND_USAGE: Readonly<Record<'test' | 'replay' | 'explore', string>> = {
  test: `interleave test [--race] [--no-race] [--seed N] [--schedules N] [--strategy S] [--explore-shard I/N] [--replay TOKEN] [--timeline] [vitest arguments]
      run vitest once with interleave's settings; the flags win over the config and the tests' options
      (they travel as INTERLEAVE_RACE, _SEED, _SCHEDULES, _STRATEGY, _EXPLORE_SHARD, _REPLAY, _TIMELINE).
      --explore-shard I/N runs part I of N of every test's exploration (any strategy; docs/ci.md). Every other argument is
      vitest's (\`npx vitest --help\` lists them); \`watch\` first watches instead of running once.
      Every failure's timeline page (HTML) is written to .interleave/timelines/; --timeline prints their paths at the end.`,
  replay: `interleave replay TOKEN [--failures FILE] [--root DIR] [--timeline]
  interleave replay FILE 'describe > test name' TOKEN [vitest arguments]
  interleave replay npx interleave test …          (a printed command, pasted whole)
      re-run exactly one test with exactly that schedule (a TOKEN alone is looked up in
      .interleave/failures.json, every run it keeps); it fails when no test matches;
      --timeline prints the path of the failure's timeline page (HTML) at the end`,
  explore: `interleave explore FILE [--schedules N] [--seed N] [--race] [--strategy S] [--fixture NAME] [--replay TOKEN] [--explore-shard I/N]
      explore what FILE exports: \`fixtures\` (a table), \`fixture\`, \`program\` or a default program;
      --explore-shard I/N explores part I of N of each program's exploration: a kind it does not expect is a
      mismatch, an expected kind it did not find is verdict \`part\` (another part may find it)`,
};

export const USAGE = `usage:
  interleave --version
  ${COMMAND_USAGE.test}
  ${COMMAND_USAGE.replay}
  ${COMMAND_USAGE.explore}`;

const COMMANDS = { test: testCommand, replay: replayCommand, explore: exploreCommand } as const;

/**
 * Runs the command line (without `node` and the script); returns the exit code.
 * Every error is one line on stderr: a usage error (exit 2, naming the help) or
 * anything else that stops the command (exit 1); never a stack.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['explore', 'fixtures/index.ts']);
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'test' || command === 'replay' || command === 'explore') {
      if (asksHelp(rest)) {
        console.log(`usage:\n  ${COMMAND_USAGE[command]}`);
        return 0;
      }
      return await COMMANDS[command](rest);
    }
    switch (command) {
      case '--version': case '-v': case 'version':
        console.log(version());
        return 0;
      case undefined: case 'help': case '--help': case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const help = command === 'test' || command === 'replay' || command === 'explore' ? `interleave ${command} --help` : 'interleave --help';
      console.error(`interleave: ${e.message} (see ${help})`);
      return 2;
    }
    console.error(`interleave: ${oneLine(e)}`);
    return 1;
  }
}

/** `--help`/`-h` among the arguments before `--`. */
function asksHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * An error as one line: its message's first non-empty line, without a repeated `interleave:`.
 *
 * @example
 * ```ts
 * oneLine(new Error('--shard <index> must be a positive number less then <count>'));
 * ```
 */
export function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const first = text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? 'failed';
  return first.replace(/^interleave: /, '');
}

/**
 * The version of @interleave/vitest, from its package.json (one folder above both
 * src/cli.ts and dist/cli.js).
 *
 * @example
 * ```ts
 * version(); // '0.1.0'
 * ```
 */
export function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
