/**
 * A module for `interleave explore --race` that default-exports one program:
 * a lock-order inversion that never deadlocks (the two sections never overlap).
 */
import { Mutex, WaitGroup } from '@interleave/core';

export default async function program(): Promise<void> {
  const a = new Mutex('a');
  const b = new Mutex('b');
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
}
