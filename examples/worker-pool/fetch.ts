/**
 * A fake backend for the tests: answers `key.toUpperCase()` after `latencyMs`
 * of virtual time, or `undefined` as soon as the context is done, and counts
 * its calls.
 */
import { after, recv, select } from '@interleave/core';
import type { Fetch } from './pool.ts';

export interface FakeBackend {
  fetch: Fetch;
  calls: () => number;
}

/**
 * A backend with a fixed latency.
 *
 * @example
 * ```ts
 * const backend = fakeBackend(10);
 * await runPool(ctx, keys, { workers: 2, cache, fetch: backend.fetch });
 * ```
 */
export function fakeBackend(latencyMs: number): FakeBackend {
  let calls = 0;
  return {
    fetch: (ctx, key) => {
      calls++;
      return select(recv(after(latencyMs), () => key.toUpperCase()), recv(ctx.done(), () => undefined));
    },
    calls: () => calls,
  };
}
