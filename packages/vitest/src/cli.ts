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

export const USAGE = `usage:
  interleave --version
  interleave test [--race] [--seed N] [--schedules N] [--strategy S] [--replay TOKEN] [vitest arguments]
      run vitest once with interleave's settings (INTERLEAVE_RACE, _SEED, _SCHEDULES, _STRATEGY, _REPLAY)
  interleave replay TOKEN [--failures FILE] [--root DIR]
  interleave replay FILE 'describe > test name' TOKEN [vitest arguments]
  interleave replay npx interleave test …          (a printed command, pasted whole)
      re-run exactly one test with exactly that schedule
  interleave explore FILE [--schedules N] [--seed N] [--race] [--strategy S] [--fixture NAME] [--replay TOKEN]
      explore what FILE exports: \`fixtures\` (a table), \`fixture\`, \`program\` or a default program`;

/**
 * Runs the command line (without `node` and the script); returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['explore', 'fixtures/index.ts']);
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'test': return await testCommand(rest);
      case 'replay': return await replayCommand(rest);
      case 'explore': return await exploreCommand(rest);
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
    if (!(e instanceof UsageError)) throw e;
    console.error(`interleave: ${e.message}\n\n${USAGE}`);
    return 2;
  }
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
