/** Shard material: a lost update that some schedules show. */
import { gosched, WaitGroup } from '@interleave/core';
import { expect } from 'vitest';
import { test } from '@interleave/vitest';

test('two increments make two', async () => {
  const counter = { n: 0 };
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.go(async () => {
      const seen = counter.n;
      await gosched();
      counter.n = seen + 1;
    });
  }
  await wg.wait();
  expect(counter.n).toBe(2);
});
