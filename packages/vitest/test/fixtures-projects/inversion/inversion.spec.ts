/**
 * A lock-order inversion and nothing else: main takes a then b, later a
 * goroutine takes b then a. They never overlap, so no schedule deadlocks and
 * the test passes without the detectors; with them (--race, INTERLEAVE_RACE=1)
 * the lock-order detector reports the potential deadlock.
 */
import { Mutex, WaitGroup } from '@interleave/core';
import { test } from '@interleave/vitest';

test('transfers take the locks in opposite orders', async () => {
  const a = new Mutex('accountA');
  const b = new Mutex('accountB');
  await a.lock();
  await b.lock();
  b.unlock();
  a.unlock();
  const wg = new WaitGroup();
  wg.go(async () => {
    await b.lock();
    await a.lock();
    a.unlock();
    b.unlock();
  });
  await wg.wait();
});
