/**
 * One exploration at a time in this process. Core runs one program at a time,
 * so tests that vitest starts together (`test.concurrent`, `describe.concurrent`)
 * wait here for the explorations before them instead of failing with "another
 * run is in progress"; they finish in the order they started.
 *
 * Invariant: `tail` settles only after every task queued so far has settled,
 * and a task's failure never reaches the tasks after it.
 */

let tail: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` once every task queued before it has settled. A `signal` aborted
 * while waiting rejects with its reason and `task` never starts.
 *
 * @example
 * ```ts
 * const result = await exclusive(() => explore(program, options), ctx.signal);
 * ```
 */
export function exclusive<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const turn = tail.then(() => {
    signal?.throwIfAborted();
    return task();
  });
  tail = turn.catch(() => undefined);
  return turn;
}
