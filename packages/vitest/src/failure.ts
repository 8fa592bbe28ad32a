/**
 * Turns a finding into the Error that fails a vitest test: its message is the
 * finding's full report, the schedule that found it and the command that
 * replays it; its stack points at the first source location of the report, so
 * vitest's code frame shows the user's line rather than interleave's.
 */
import { resolve } from 'node:path';
import type { Finding } from '@interleave/core';

/** A failure as the explorer reports it (the optional fields appear after shrinking). */
export interface FailureLike extends Finding {
  replay: string;
  schedule: number;
  preemptions?: number;
  /** A step-by-step interleaving, when the explorer gives it apart from `text`. */
  trace?: string;
  /** The explorer's interleaving, step by step (also the tail of `text`). */
  interleaving?: string;
}

/** A `file:line:col` position. */
export interface Location {
  file: string;
  line: number;
  col: number;
}

/** How a headline names each kind of finding. */
const PHRASES: Partial<Record<string, string>> = {
  race: 'a data race',
  deadlock: 'a deadlock',
  leak: 'a goroutine leak',
  panic: 'a panic',
  'lock-order': 'a lock-order inversion',
  'step-limit': 'a run over the step limit',
  nondeterminism: 'nondeterminism',
};

const LOCATION = /(?:^|[\s(])((?:[A-Za-z]:)?[^\s():]+\.(?:[cm]?[jt]sx?)):(\d+):(\d+)/gm;

/**
 * Every `file:line:col` of a report, in order of appearance, without repeats.
 *
 * @example
 * ```ts
 * locations('goroutine 2 [chan receive]:\n    src/a.ts:19:26'); // [{ file: 'src/a.ts', line: 19, col: 26 }]
 * ```
 */
export function locations(text: string): Location[] {
  const seen = new Set<string>();
  const out: Location[] = [];
  for (const m of text.matchAll(LOCATION)) {
    const [, file, line, col] = m;
    if (file === undefined || line === undefined || col === undefined) continue;
    const key = `${file}:${line}:${col}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file, line: Number(line), col: Number(col) });
  }
  return out;
}

/** What the failing test knows besides the failure itself. */
export interface FailureContext {
  /** The command that replays the failure; empty when there is none to print (a token that does not fit). */
  command: string;
  /** The seed the test explored with, and the run seed it came from. */
  seed: number;
  runSeed: number;
  /** True when a token was replayed rather than schedules explored. */
  replaying?: boolean;
  /** The schedule budget, when one was set. */
  budget?: number;
  /** The report's paths are relative to this directory. */
  cwd: string;
  /** The line naming the failure's timeline page (`Timeline: path`), when one was recorded. */
  timeline?: string;
}

/**
 * The text of the error: a headline, the report, and the replay command.
 *
 * @example
 * ```ts
 * failureMessage({ kind: 'deadlock', message: 'all goroutines are asleep - deadlock!', text: '…', goroutines: [1], replay: 'il1.x', schedule: 3 }, ctx);
 * ```
 */
export function failureMessage(failure: FailureLike, ctx: FailureContext): string {
  const head = `interleave found ${PHRASES[failure.kind] ?? failure.kind} ${scheduleWhere(failure, ctx)}: ${failure.message}`;
  const parts = [head, '', failure.text.trimEnd()];
  if (failure.trace !== undefined && !failure.text.includes(failure.trace.trim())) parts.push('', failure.trace.trimEnd());
  if (ctx.command !== '') parts.push('', 'Replay it with:', `  ${ctx.command}`);
  if (ctx.timeline !== undefined) parts.push('', ctx.timeline);
  parts.push('');
  return parts.join('\n');
}

/**
 * Where a failure was found: `in schedule 3 of at most 30 (seed 7 from run
 * seed 0, 1 preemption)`, or `replaying the given schedule`.
 *
 * @example
 * ```ts
 * scheduleWhere(failure, { command, seed: 7, runSeed: 0, budget: 30, cwd }); // 'in schedule 3 of at most 30 (seed 7 from run seed 0)'
 * ```
 */
export function scheduleWhere(failure: FailureLike, ctx: FailureContext): string {
  const where = ctx.replaying
    ? 'replaying the given schedule'
    : `in schedule ${failure.schedule}${ctx.budget === undefined ? '' : ` of at most ${ctx.budget}`}`;
  const shrunk = failure.preemptions === undefined ? '' : `${failure.preemptions} preemption${failure.preemptions === 1 ? '' : 's'}`;
  const seed = ctx.replaying ? '' : `seed ${ctx.seed} from run seed ${ctx.runSeed}`;
  const details = [seed, shrunk].filter((x) => x !== '').join(', ');
  return `${where}${details ? ` (${details})` : ''}`;
}

/**
 * The Error that fails the test. Its stack lists the report's locations (made
 * absolute; those of the interleaving that follows the report are left out),
 * so vitest's code frame opens at the first of them.
 *
 * @example
 * ```ts
 * throw failureError(failure, { command, seed, runSeed: 0, budget: 100, cwd: process.cwd() });
 * ```
 */
export function failureError(failure: FailureLike, ctx: FailureContext): Error {
  const error = new Error(failureMessage(failure, ctx));
  error.name = `InterleaveError`;
  const report = failure.text.split(/^interleaving:/m)[0] ?? failure.text;
  const frames = locations(report).map((l) => `    at ${resolve(ctx.cwd, l.file)}:${l.line}:${l.col}`);
  if (frames.length) error.stack = `${error.name}: ${error.message}\n${frames.join('\n')}`;
  return error;
}
