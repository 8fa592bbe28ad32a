/**
 * Checks of the arguments the public API takes, made at the call: a NaN duration
 * or a fractional count is a bug in the test, so it is a {@link UsageError} that
 * names the call, the argument and the value, thrown before anything changes.
 *
 * Durations follow Go's `time.Duration`, an int64 of nanoseconds: any number of
 * milliseconds, negative meaning now, and none longer than Go's largest duration
 * (2^63 - 1 ns, about 292 years). A longer one, `Infinity` included, is that
 * largest duration, as `time.Duration(math.MaxInt64)` is Go's way to say "never".
 */
import { UsageError } from './errors.ts';
import { describeThrown } from './thrown.ts';

/**
 * Go's largest `time.Duration` (2^63 - 1 ns) in milliseconds: about 292 years.
 *
 * @example
 * ```ts
 * await sleep(Infinity); // sleeps MAX_DURATION_MS of virtual time
 * ```
 */
export const MAX_DURATION_MS = 9_223_372_036_854.775;

/** A value as an error message shows it: strings quoted, anything else as a panic shows it. */
export function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : describeThrown(v);
}

/**
 * `ms` as a duration (see the file comment); a UsageError when it is no number or NaN.
 *
 * @example
 * ```ts
 * checkDuration('sleep(ms)', 'ms', Infinity); // MAX_DURATION_MS
 * checkDuration('sleep(ms)', 'ms', NaN); // throws: interleave: sleep(ms): ms must be a number of milliseconds, got NaN
 * ```
 */
export function checkDuration(call: string, name: string, ms: unknown): number {
  if (typeof ms !== 'number' || Number.isNaN(ms)) {
    throw new UsageError(`${call}: ${name} must be a number of milliseconds, got ${show(ms)}`);
  }
  return ms > MAX_DURATION_MS ? MAX_DURATION_MS : ms;
}

/**
 * `n` when it is a safe integer of at least `min`; a UsageError otherwise.
 *
 * @example
 * ```ts
 * checkInteger('new Semaphore(size)', 'size', 3, 0); // 3
 * checkInteger('WaitGroup.add(delta)', 'delta', 1.5); // throws: interleave: WaitGroup.add(delta): delta must be an integer, got 1.5
 * ```
 */
export function checkInteger(call: string, name: string, n: unknown, min = -Infinity): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    const what = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : min === -Infinity ? 'an integer' : `an integer >= ${min}`;
    throw new UsageError(`${call}: ${name} must be ${what}, got ${show(n)}`);
  }
  return n;
}
