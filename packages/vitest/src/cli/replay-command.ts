/**
 * `interleave replay`: re-runs exactly one test with exactly one schedule.
 * Three forms:
 *
 * - `interleave replay TOKEN [--failures FILE] [--root DIR]`: finds the failure
 *   with that token (or a unique prefix of it) in the last run's
 *   `.interleave/failures.json` and runs its command;
 * - `interleave replay FILE NAME TOKEN [vitest arguments]`: NAME is the test's
 *   full name as printed (` > ` between describe blocks);
 * - `interleave replay npx interleave test …`: the printed command, pasted whole.
 *
 * `--timeline` (any form) prints the path of the replayed failure's timeline
 * page at the end (the page is written for every failure; see ../timeline.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { escapeRegExp, shellQuote } from '../command.ts';
import { DEFAULT_OUTPUT_FILE } from '../reporter.ts';
import { findByToken, readFailuresFile } from '../failures-file.ts';
import type { FailureEntry } from '../summary.ts';
import { parseArgs, UsageError } from './args.ts';
import { testCommand } from './test-command.ts';

/**
 * Runs the `replay` subcommand.
 *
 * @example
 * ```ts
 * await replayCommand(['il1:il1.AwA']);
 * await replayCommand(['src/pool.test.ts', 'pool > drains', 'il1:il1.AwA']);
 * ```
 */
export async function replayCommand(argv: readonly string[]): Promise<number> {
  return testCommand(replayArgs(argv, process.cwd()));
}

/**
 * The `interleave test` arguments a `replay` command line stands for.
 *
 * @example
 * ```ts
 * replayArgs(['a.spec.ts', 'pool > drains', 'il1.x'], '/repo');
 * // ['a.spec.ts', '-t', '^pool drains$', '--replay', 'il1.x']
 * ```
 */
export function replayArgs(argv: readonly string[], cwd: string): string[] {
  const pasted = stripPastedPrefix(argv);
  if (pasted) return pasted;
  const { flags, rest } = parseArgs(argv);
  const positional = leadingPositionals(rest);
  const more = rest.slice(positional.length);
  const passThrough = [...(flags.race === undefined ? more : [...more, flags.race ? '--race' : '--no-race']), ...(flags.timeline ? ['--timeline'] : [])];
  if (positional.length === 3) {
    const [file, name, token] = positional as [string, string, string];
    return [file, '-t', `^${escapeRegExp(name.split(' > ').join(' '))}$`, '--replay', token, ...passThrough];
  }
  if (positional.length === 1 || (positional.length === 0 && flags.replay !== undefined)) {
    const token = positional[0] ?? flags.replay ?? '';
    const entry = findFailure(token, failuresFile(flags.failures, more, cwd));
    return [...entry.args, ...withoutRoot(passThrough)];
  }
  throw new UsageError('replay takes TOKEN, or FILE NAME TOKEN, or the printed `npx interleave test …` command');
}

/** `npx interleave test ARGS`, `interleave test ARGS`, `test ARGS` → ARGS. */
function stripPastedPrefix(argv: readonly string[]): string[] | undefined {
  let i = 0;
  if (argv[i] === 'npx') i++;
  if (argv[i] === 'interleave' || argv[i]?.endsWith('/interleave')) i++;
  if (argv[i] !== 'test') return undefined;
  return argv.slice(i + 1);
}

function leadingPositionals(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (a.startsWith('-')) break;
    out.push(a);
  }
  return out;
}

function failuresFile(explicit: string | undefined, vitestArgs: readonly string[], cwd: string): string {
  if (explicit !== undefined) return resolve(cwd, explicit);
  const rootAt = vitestArgs.findIndex((a) => a === '--root' || a === '-r');
  const inline = vitestArgs.find((a) => a.startsWith('--root='));
  const root = rootAt >= 0 ? vitestArgs[rootAt + 1] : inline?.slice('--root='.length);
  return resolve(cwd, root ?? '.', DEFAULT_OUTPUT_FILE);
}

/** The entry's command has its own `--root`. */
function withoutRoot(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--root' || a === '-r') i++;
    else if (!a.startsWith('--root=')) out.push(a);
  }
  return out;
}

function findFailure(token: string, file: string): FailureEntry {
  if (!existsSync(file)) {
    throw new UsageError(`no ${file}: run the tests first (or pass --failures FILE, or use: replay FILE NAME TOKEN)`);
  }
  const matches = findByToken(readFailuresFile(file), token);
  const [first] = matches;
  if (!first) throw new UsageError(`no failure with token ${token} in ${file}`);
  if (matches.length > 1) {
    const which = matches.map((m) => `  interleave replay ${shellQuote(m.file)} ${shellQuote(m.name)} ${shellQuote(m.replay ?? token)}`).join('\n');
    throw new UsageError(`token ${token} matches ${matches.length} tests in ${file}; name the test:\n${which}`);
  }
  return first;
}
