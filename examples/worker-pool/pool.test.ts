/**
 * The worker pool under many schedules, with the race detector on: every
 * result comes back, cancellation stops everything, nothing leaks.
 */
import { context } from '@interleave/core';
import { test } from '@interleave/vitest';
import { describe } from 'vitest';
import { LockedCache } from './cache.ts';
import { fakeBackend } from './fetch.ts';
import { runPool } from './pool.ts';

describe('worker pool', () => {
  test('returns a value for every key', async () => {
    const backend = fakeBackend(10);
    const { values, err } = await runPool(context.background(), ['a', 'b', 'a', 'c'], {
      workers: 2,
      cache: new LockedCache(),
      fetch: backend.fetch,
    });
    if (err) throw err;
    if ([...values.keys()].sort().join() !== 'a,b,c') throw new Error(`got ${[...values.keys()].join()}`);
    if (values.get('b') !== 'B') throw new Error(`b = ${values.get('b')}`);
    // 'a' twice: the second lookup hits the cache, unless both miss at once.
    if (backend.calls() < 3 || backend.calls() > 4) throw new Error(`${backend.calls()} fetches`);
  }, { race: true, schedules: 200 });

  // The deadline (20 ms) falls on the same instant as the second round of
  // fetches, so the explorer tries both orders: a worker holding a result when
  // the pool gives up must still get out (no goroutine leak).
  test('stops every worker when the context times out', async () => {
    const backend = fakeBackend(10);
    const [ctx, cancel] = context.withTimeout(context.background(), 20);
    const { err } = await runPool(ctx, ['a', 'b', 'c', 'd', 'e'], { workers: 2, cache: new LockedCache(), fetch: backend.fetch });
    cancel();
    if (err !== context.DeadlineExceeded) throw new Error(`expected the deadline error, got ${String(err)}`);
  }, { race: true, schedules: 200 });
});
