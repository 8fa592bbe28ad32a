/**
 * What a goroutine body returned: a promise-like (an async body, still running at
 * its first `await`) or anything else (a synchronous body, already done).
 */

/**
 * True when `r` has a callable `then`, as `await` decides.
 *
 * @example
 * ```ts
 * isPromiseLike(Promise.resolve()); // true
 * isPromiseLike(undefined); // false
 * ```
 */
export function isPromiseLike(r: unknown): r is PromiseLike<unknown> {
  return r !== null && typeof r === 'object' && typeof (r as PromiseLike<unknown>).then === 'function';
}
