/**
 * A data race and nothing else: two goroutines increment a shared counter with
 * no lock. Without the race detector every schedule passes (the increment has
 * no scheduling point inside); with it (--race, INTERLEAVE_RACE=1) it fails.
 */
import { go, shared, WaitGroup } from '@interleave/core';
import { test } from '@interleave/vitest';

test('two goroutines bump a counter', async () => {
  const hits = shared(0, 'hits');
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.add(1);
    go(() => {
      hits.value = hits.value + 1;
      wg.done();
    });
  }
  await wg.wait();
});
