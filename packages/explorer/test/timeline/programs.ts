/**
 * The programs whose timeline pages the tests render: a data race, a deadlock
 * (AB-BA locking) and a goroutine leak, written as users write them.
 */
import { chan, go, Mutex, shared, WaitGroup } from '@interleave/core';

/** Two workers update one balance, one of them without the lock. */
export async function race(): Promise<void> {
  const balance = shared(100, 'balance');
  const mu = new Mutex();
  const state = { withdrawn: 0 };
  const wg = new WaitGroup();
  wg.go(async () => {
    await mu.lock();
    balance.value = balance.value - 30;
    state.withdrawn += 30;
    mu.unlock();
  }, 'locked');
  wg.go(async () => {
    if (balance.value < 50) return; // reads without the lock
    state.withdrawn += 50;
  }, 'unlocked');
  await wg.wait();
}

/** Two goroutines take two locks in opposite orders. */
export async function deadlock(): Promise<void> {
  const accounts = { a: new Mutex(), b: new Mutex() };
  const wg = new WaitGroup();
  wg.go(async () => {
    await accounts.b.lock();
    await accounts.a.lock();
    accounts.a.unlock();
    accounts.b.unlock();
  }, 'inverted');
  await accounts.a.lock();
  await accounts.b.lock();
  accounts.b.unlock();
  accounts.a.unlock();
  await wg.wait();
}

/** Results go back on a channel; the second worker's result is never received. */
export async function leak(): Promise<void> {
  const results = chan<number>();
  for (const n of [1, 2]) go(async () => { await results.send(n * 10); }, `worker-${n}`);
  const first = await results.recv();
  if (first !== 10 && first !== 20) throw new Error(`unexpected result ${first}`);
}

/** Two goroutines trade on two channels, then each waits for the other on a channel they used before. */
export async function channelCycle(): Promise<void> {
  const requests = chan<number>();
  const replies = chan<number>();
  const wg = new WaitGroup();
  wg.go(async () => {
    await requests.send(1);
    await replies.recv();
    await replies.recv(); // a second reply nobody sends
  }, 'client');
  wg.go(async () => {
    await requests.recv();
    await replies.send(2);
    await requests.recv(); // a second request nobody sends
  }, 'server');
  await wg.wait();
}
