/** A deadlock and a goroutine leak, each in its own test; both must fail. */
import { chan, go, Mutex } from '@interleave/core';
import { test } from '@interleave/vitest';
import { describe } from 'vitest';

describe('orders', () => {
  test('lock order inverts', async () => {
    const a = new Mutex();
    const b = new Mutex();
    const done = chan<void>();
    go(async () => {
      await b.lock();
      await a.lock();
      a.unlock();
      b.unlock();
      await done.send();
    });
    await a.lock();
    await b.lock();
    b.unlock();
    a.unlock();
    await done.recv();
  });
});

test('a worker waits for a result nobody sends', async () => {
  const results = chan<number>();
  go(async () => {
    await results.recv();
  });
});
