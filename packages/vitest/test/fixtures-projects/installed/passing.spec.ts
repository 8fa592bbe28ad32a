// The README's first test, as written there.
import { chan, shared, Mutex, WaitGroup } from '@interleave/core';
import { test } from '@interleave/vitest';

test('workers hand results back', async () => {
  const results = chan<number>(3);
  const processed = shared(0, 'processed');
  const mu = new Mutex();
  const wg = new WaitGroup();
  for (let id = 1; id <= 3; id++) {
    wg.go(async () => {
      await mu.lock();
      processed.value++;
      mu.unlock();
      await results.send(id * 10);
    });
  }
  await wg.wait();
  results.close();
  let sum = 0;
  for await (const r of results) sum += r;
  if (sum !== 60 || processed.value !== 3) throw new Error(`sum ${sum}, processed ${processed.value}`);
});
