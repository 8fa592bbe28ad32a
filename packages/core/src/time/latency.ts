/**
 * `latency(fn, { min, max })`: a fake dependency that takes time. Each call waits a
 * duration the scheduler chooses within `[min, max]`, then runs `fn` and returns what
 * it returns, so the explorer decides when every faked call completes.
 *
 * Invariants:
 * - Inside a run the duration is one of `points` evenly spaced instants of the range
 *   (default 3: `min`, the middle, `max`), chosen by a `random` decision: replay gives
 *   the same durations, the exhaustive strategy branches on every point, and a
 *   range of width 0 (or `points: 1`) is no decision at all.
 * - The wait is a timer on the run's virtual clock that settles a plain promise (no
 *   operation of the calling goroutine: one goroutine may have several calls in flight,
 *   `Promise.all([get(a), get(b)])`, as async code does; the run follows the promise,
 *   docs/async-code.md). Faked calls complete in the order their start plus duration
 *   gives, with ties a `timer` decision.
 * - With the default points, two calls whose completions can come in either order
 *   (one can end at its `min` before the other's `max`, and the other way round) are
 *   run in both orders. An order that needs a duration strictly between two points
 *   (three or more calls) is reached only on that grid: raise `points`.
 * - Outside a run (production mode) the duration is one of the same points, chosen
 *   uniformly at random, in real time.
 */
import { randomInt } from '../runtime/api.ts';
import { UsageError } from '../runtime/errors.ts';
import { show } from '../runtime/validate.ts';
import { current } from '../runtime/runtime.ts';

/**
 * How long a call made through {@link latency} takes, in milliseconds.
 *
 * @example
 * ```ts
 * const range: LatencyRange = { min: 5, max: 50, points: 4 }; // 5, 20, 35 or 50 ms
 * ```
 */
export interface LatencyRange {
  /** The shortest duration (>= 0). */
  min: number;
  /** The longest duration (>= `min`). */
  max: number;
  /** How many evenly spaced durations of `[min, max]` a run chooses from (default 3, at most 1,000). */
  points?: number;
}

const DEFAULT_POINTS = 3;
const MAX_POINTS = 1000;

/**
 * Wraps `fn` so that every call completes after a duration within `range`, chosen by
 * the scheduler inside a run (see the file comment): a mocked `fetch`, a database
 * client or a file store whose answers may arrive in any order their latencies allow.
 * `fn` runs when the call completes (the fake server answers then); the call's promise
 * settles with `fn`'s result, or rejects with what it threw.
 *
 * @example
 * ```ts
 * const db = new Map([['a', 1]]);
 * const get = latency(async (key: string) => db.get(key), { min: 5, max: 50 });
 * const v = await get('a'); // 1, after 5, 27.5 or 50 ms of virtual time
 * ```
 */
export function latency<A extends unknown[], R>(fn: (...args: A) => R, range: LatencyRange): (...args: A) => Promise<Awaited<R>> {
  if (typeof fn !== 'function') throw new UsageError(`latency(fn, range): fn must be a function, got ${show(fn)}`);
  const { min, max, points } = checkRange(range);
  const step = points > 1 ? (max - min) / (points - 1) : 0;
  return async (...args: A): Promise<Awaited<R>> => {
    const ms = points > 1 ? min + step * randomInt(points) : min;
    const k = current('latency()');
    await new Promise<void>((resolve) => k.addTimer(k.nowMs + ms, resolve));
    return await fn(...args);
  };
}

/** `range` with `points` filled in, or a UsageError naming what is wrong. */
function checkRange(range: LatencyRange): Required<LatencyRange> {
  if (typeof range !== 'object' || range === null) throw new UsageError(`latency(fn, range): range must be { min, max }, got ${show(range)}`);
  const { min, max } = range;
  if (typeof min !== 'number' || !Number.isFinite(min) || min < 0) {
    throw new UsageError(`latency(fn, range): range.min must be a finite number of milliseconds >= 0, got ${show(min)}`);
  }
  if (typeof max !== 'number' || !Number.isFinite(max) || max < min) {
    throw new UsageError(`latency(fn, range): range.max must be a finite number of milliseconds >= range.min (${min}), got ${show(max)}`);
  }
  const points = range.points ?? DEFAULT_POINTS;
  if (typeof points !== 'number' || !Number.isInteger(points) || points < 1 || points > MAX_POINTS) {
    throw new UsageError(`latency(fn, range): range.points must be an integer from 1 to ${MAX_POINTS}, got ${show(points)}`);
  }
  return { min, max, points: max === min ? 1 : points };
}
