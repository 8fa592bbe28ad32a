// Three goroutines increment a counter with no lock: every schedule passes
// without the race detector, and it fails with INTERLEAVE_RACE=1.
import { shared, WaitGroup } from '@interleave/core';
import { test } from '@interleave/vitest';

test('counts every hit', async () => {
  const stats = { hits: shared(0, 'hits') };
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) {
    wg.go(() => {
      stats.hits.value++;
    });
  }
  await wg.wait();
});
