/**
 * Concurrent interleave tests in one worker: vitest starts them together, their
 * explorations run one after another (core runs one program at a time), and
 * none sees another's schedules.
 */
import { chan, go, shared, WaitGroup } from '@interleave/core';
import { describe, expect } from 'vitest';
import { test } from '@interleave/vitest';

describe.concurrent('started together', () => {
  for (const n of [1, 2, 3, 4]) {
    test(`counter ${n} counts to ${n}`, async () => {
      const count = shared(0, `count${n}`);
      const wg = new WaitGroup();
      for (let i = 0; i < n; i++) wg.go(async () => { count.value = count.value + 1; });
      await wg.wait();
      expect(count.value).toBe(n);
    }, { schedules: 30 });
  }
  test.concurrent('a hand-off', async () => {
    const ch = chan<number>();
    go(async () => { await ch.send(1); });
    expect(await ch.recv()).toBe(1);
  });
});
