/** Clean programs: every schedule passes. */
import { chan, go, Mutex, shared, WaitGroup } from '@interleave/core';
import { test } from '@interleave/vitest';
import { describe } from 'vitest';

test('a goroutine hands a value over a channel', async () => {
  const ch = chan<number>();
  go(async () => {
    await ch.send(42);
  });
  if ((await ch.recv()) !== 42) throw new Error('wrong value');
});

describe('counter', () => {
  test('a mutex keeps the count right', async () => {
    const mu = new Mutex();
    const wg = new WaitGroup();
    const count = shared(0, 'count');
    for (let i = 0; i < 3; i++) {
      wg.go(async () => {
        await mu.lock();
        count.value = count.value + 1;
        mu.unlock();
      });
    }
    await wg.wait();
    if (count.value !== 3) throw new Error(`count is ${count.value}`);
  }, { race: true });
});
