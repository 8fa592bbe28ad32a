/** Shard material: a hand-off that every schedule gets right, and a log whose order some schedules swap. */
import { chan, go, gosched, WaitGroup } from '@interleave/core';
import { expect } from 'vitest';
import { test } from '@interleave/vitest';

test('a value is handed over', async () => {
  const ch = chan<number>();
  go(async () => { await ch.send(1); });
  expect(await ch.recv()).toBe(1);
});

test('the log keeps both entries in order', async () => {
  const log: string[] = [];
  const wg = new WaitGroup();
  wg.go(async () => { await gosched(); log.push('a'); });
  wg.go(async () => { log.push('b'); });
  await wg.wait();
  expect(log).toEqual(['a', 'b']);
});
