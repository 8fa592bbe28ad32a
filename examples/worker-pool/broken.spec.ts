/**
 * The deliberately broken variant: the same pool with `FastPathCache`, whose
 * hits skip the lock. Every result is still right, so only the race detector
 * notices. Not part of the repository's suite (it is a *.spec.ts file); the
 * end-to-end tests of @interleave/vitest run it and check that it fails:
 *
 *   npx interleave test --root examples/worker-pool broken.spec.ts
 */
import { context } from '@interleave/core';
import { test } from '@interleave/vitest';
import { FastPathCache } from './cache.ts';
import { fakeBackend } from './fetch.ts';
import { runPool } from './pool.ts';

test('a cache with an unlocked fast path', async () => {
  const backend = fakeBackend(10);
  const { values, err } = await runPool(context.background(), ['a', 'b', 'a', 'b'], {
    workers: 2,
    cache: new FastPathCache(),
    fetch: backend.fetch,
  });
  if (err) throw err;
  if (values.size !== 2) throw new Error(`got ${values.size} values`);
}, { race: true, schedules: 200 });
