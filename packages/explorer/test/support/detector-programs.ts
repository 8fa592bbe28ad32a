/**
 * One program per detector of race-detector, each with its minimal fix: the bug
 * is reported through `explore({ race: true })`, the fix is clean. A module
 * without side effects (worker threads import it).
 */
import { Mutex, RWMutex, WaitGroup, chan, go, gosched, shared, sleep, type Program } from '@interleave/core';

/** Two goroutines increment a counter with no lock: a data race in every schedule. */
export const unlockedIncrements: Program = async () => {
  const hits = shared(0, 'hits');
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) wg.go(() => { hits.value = hits.value + 1; }, `inc${i}`);
  await wg.wait();
};

/**
 * A goroutine writes `ready` while main sleeps, then main reads it: a race (sleep
 * orders nothing), and main panics on what it read: the race happens at an early
 * step, the panic ends the run.
 */
export const raceThenPanic: Program = async () => {
  const ready = shared(false, 'ready');
  go(() => { ready.value = true; }, 'writer');
  await sleep(1);
  if (ready.value) throw new Error('acted on an unsynchronized flag');
};

/** Ten goroutines increment one counter with no lock: races between every pair, all on one line. */
export const manyIncrements: Program = async () => {
  const hits = shared(0, 'hits');
  const wg = new WaitGroup();
  for (let i = 0; i < 10; i++) wg.go(() => { hits.value = hits.value + 1; });
  await wg.wait();
};

/** Two counters, each raced by two goroutines on its own line. */
export const twoRacyCounters: Program = async () => {
  const hits = shared(0, 'hits');
  const misses = shared(0, 'misses');
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) wg.go(() => { hits.value = hits.value + 1; });
  for (let i = 0; i < 2; i++) wg.go(() => { misses.value = misses.value + 1; });
  await wg.wait();
};

/** The fix: the increments under a mutex. */
export const lockedIncrements: Program = async () => {
  const mu = new Mutex('mu');
  const hits = shared(0, 'hits');
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.go(async () => {
      await mu.lock();
      hits.value = hits.value + 1;
      mu.unlock();
    }, `inc${i}`);
  }
  await wg.wait();
};

/** `wg.add(1)` inside the goroutine: `wait` may run before it (WaitGroup misuse, reported as a race). */
export const addInside: Program = async () => {
  const wg = new WaitGroup();
  go(async () => { wg.add(1); await gosched(); wg.done(); }, 'worker');
  await wg.wait();
  await sleep(1);
};

/** The fix: `add` before `go`. */
export const addBefore: Program = async () => {
  const wg = new WaitGroup();
  wg.add(1);
  go(async () => { await gosched(); wg.done(); }, 'worker');
  await wg.wait();
};

/** a then b in main, later b then a in a goroutine: an inversion, though no schedule deadlocks. */
export const oppositeOrders: Program = async () => {
  const a = new Mutex('a');
  const b = new Mutex('b');
  await a.lock(); await b.lock(); b.unlock(); a.unlock();
  const wg = new WaitGroup();
  wg.go(async () => { await b.lock(); await a.lock(); a.unlock(); b.unlock(); }, 'ba');
  await wg.wait();
};

/** The fix: the same order everywhere. */
export const sameOrder: Program = async () => {
  const a = new Mutex('a');
  const b = new Mutex('b');
  await a.lock(); await b.lock(); b.unlock(); a.unlock();
  const wg = new WaitGroup();
  wg.go(async () => { await a.lock(); await b.lock(); b.unlock(); a.unlock(); }, 'ab');
  await wg.wait();
};

/** A read lock taken twice by one goroutine: nothing deadlocks without a writer, still recursive locking. */
export const readLockTwice: Program = async () => {
  const mu = new RWMutex('cfg');
  await mu.rLock();
  await mu.rLock();
  mu.rUnlock();
  mu.rUnlock();
};

/** The fix: one read lock at a time. */
export const readLockOnce: Program = async () => {
  const mu = new RWMutex('cfg');
  await mu.rLock();
  mu.rUnlock();
  await mu.rLock();
  mu.rUnlock();
};

/**
 * Two goroutines take a and b in opposite orders while main goes on: in the
 * schedules where both hold their first lock they wait for each other forever
 * (a lock cycle, a partial deadlock), and leak when main returns.
 */
export const lockCycle: Program = async () => {
  const a = new Mutex('a');
  const b = new Mutex('b');
  go(async () => { await a.lock(); await gosched(); await b.lock(); b.unlock(); a.unlock(); }, 'ab');
  go(async () => { await b.lock(); await gosched(); await a.lock(); a.unlock(); b.unlock(); }, 'ba');
  await sleep(1);
};

/** The fix: the same order in both. */
export const noLockCycle: Program = async () => {
  const a = new Mutex('a');
  const b = new Mutex('b');
  go(async () => { await a.lock(); await gosched(); await b.lock(); b.unlock(); a.unlock(); }, 'ab1');
  go(async () => { await a.lock(); await gosched(); await b.lock(); b.unlock(); a.unlock(); }, 'ab2');
  await sleep(1);
};

/**
 * Two goroutines exchange a value each way, then a second round: `crossed`, both
 * send first in it and wait for each other forever. The channels live in this
 * helper only, so once main goes on, nothing that can still run reaches them.
 */
function exchangeTwice(crossed: boolean): void {
  const ab = chan<number>();
  const ba = chan<number>();
  go(async () => {
    await ab.send(1);
    await ba.recv();
    await ab.send(3);
    await ba.recv();
  }, 'left');
  go(async () => {
    await ab.recv();
    await ba.send(2);
    if (crossed) {
      await ba.send(4);
      await ab.recv();
    } else {
      await ab.recv();
      await ba.send(4);
    }
  }, 'right');
}

/** A channel cycle while main still runs (a partial deadlock, proven by a stuck check). */
export const channelCycle: Program = async () => {
  exchangeTwice(true);
  await sleep(1);
};

/** The fix: the second round in the order of the first. */
export const noChannelCycle: Program = async () => {
  exchangeTwice(false);
  await sleep(1);
};
