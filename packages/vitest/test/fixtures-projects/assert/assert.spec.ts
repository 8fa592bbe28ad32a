/**
 * Failed `expect`s: a lost update that only some schedules show, and a
 * `toEqual` whose diff vitest must print.
 */
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

test('the log keeps both entries in order', async () => {
  const log: string[] = [];
  const wg = new WaitGroup();
  wg.go(async () => { await gosched(); log.push('a'); });
  wg.go(async () => { log.push('b'); });
  await wg.wait();
  expect(log).toEqual(['a', 'b']);
});
