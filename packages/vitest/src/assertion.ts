/**
 * A failed `expect` in the main goroutine is reported as what it is: the
 * original AssertionError, rethrown, so vitest prints its own message, diff and
 * code frame; interleave appends the schedule, the interleaving and the replay
 * command to its message. The kind shown for it is `assertion`, not `panic`.
 */
import type { FailureContext, FailureLike } from './failure.ts';
import { scheduleWhere } from './failure.ts';

/** An error vitest shows a diff for: an AssertionError, or any error with `actual` and `expected`. */
export interface AssertionLike extends Error {
  actual?: unknown;
  expected?: unknown;
}

/**
 * Whether `error` is an assertion failure.
 *
 * @example
 * ```ts
 * try { expect(1).toBe(2); } catch (e) { isAssertion(e); } // true
 * ```
 */
export function isAssertion(error: unknown): error is AssertionLike {
  if (!(error instanceof Error)) return false;
  return error.name === 'AssertionError' || ('actual' in error && 'expected' in error);
}

/**
 * The assertion error with interleave's part appended to its message (and to
 * the first line of its stack, which repeats the message).
 *
 * @example
 * ```ts
 * throw assertionFailure(caught, failure, { command, seed, runSeed: 0, cwd });
 * ```
 */
export function assertionFailure(error: AssertionLike, failure: FailureLike, ctx: FailureContext): AssertionLike {
  const head = `interleave: the assertion failed ${scheduleWhere(failure, ctx)}`;
  // From the report's text when it has one: the interleaving and what follows it (the choices that made the difference).
  const interleaving = interleavingOf(failure.text) ?? failure.interleaving ?? failure.trace;
  const replay = [...(ctx.command === '' ? [] : ['', 'Replay it with:', `  ${ctx.command}`]), ...(ctx.timeline === undefined ? [] : ['', ctx.timeline])];
  const extra = ['', '', head, ...(interleaving ? ['', interleaving.trimEnd()] : []), ...replay, ''].join('\n');
  const original = error.message;
  error.message = `${original}${extra}`;
  if (typeof error.stack === 'string' && error.stack.includes(original)) error.stack = error.stack.replace(original, error.message);
  return error;
}

/** The `interleaving:` section of a report and the rest of it, if it has one. */
function interleavingOf(text: string): string | undefined {
  const at = text.search(/^interleaving:/m);
  return at < 0 ? undefined : text.slice(at);
}
