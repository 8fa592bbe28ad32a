/**
 * Programs for the worker-thread tests. Worker threads import this module to
 * get the programs (`programModule`), so it must have no side effects besides
 * defining them.
 */
import { Mutex, WaitGroup, gosched, shared, type Program } from '@interleave/core';

/**
 * Four goroutines yield four times each, then note their id; failing only when
 * they finish in reverse order (rare). Its schedules have more than 16 goroutine
 * decisions, so PCT's estimate k grows during the exploration.
 */
export const reverseFinish: Program = async () => {
  const order: number[] = [];
  const wg = new WaitGroup();
  for (let id = 0; id < 4; id++) {
    wg.go(async () => {
      for (let k = 0; k < 4; k++) await gosched();
      order.push(id);
    }, `g${id}`);
  }
  await wg.wait();
  if (order.join(',') === '3,2,1,0') throw new Error('finished in reverse order');
};

/** A mutex-protected counter: no finding under any schedule. */
export const clean: Program = async () => {
  const mu = new Mutex('mu');
  const n = shared(0, 'n');
  const wg = new WaitGroup();
  for (let id = 0; id < 3; id++) {
    wg.go(async () => {
      for (let k = 0; k < 2; k++) {
        await mu.lock();
        const v = n.value;
        await gosched();
        n.value = v + 1;
        mu.unlock();
      }
    }, `w${id}`);
  }
  await wg.wait();
  if (n.value !== 6) throw new Error(`counter is ${n.value}`);
};

/** Unsynchronized increments: races (with the race detector) and lost updates. */
export const racy: Program = async () => {
  const n = shared(0, 'hits');
  const wg = new WaitGroup();
  for (let id = 0; id < 3; id++) {
    wg.go(async () => {
      const v = n.value;
      await gosched();
      n.value = v + 1;
    }, `inc${id}`);
  }
  await wg.wait();
  if (n.value === 1) throw new Error('two updates lost');
};

/** A goroutine spins until main sets a flag: some schedules hit a small step limit. */
export const spinWait: Program = async () => {
  const flag = shared(false, 'flag');
  const wg = new WaitGroup();
  wg.go(async () => {
    while (!flag.value) await gosched();
  }, 'spinner');
  await gosched();
  await gosched();
  flag.value = true;
  await wg.wait();
};

/** Two goroutines, one locked increment each: a space the exhaustive runs cover at once (6 classes). */
export const small: Program = async () => {
  const mu = new Mutex('mu');
  const n = shared(0, 'n');
  const wg = new WaitGroup();
  for (let id = 0; id < 2; id++) {
    wg.go(async () => {
      await mu.lock();
      n.value = n.value + 1;
      mu.unlock();
    }, `w${id}`);
  }
  await wg.wait();
};

/** Not the same program as {@link reverseFinish} (for the mismatch test): never fails. */
export const notReverseFinish: Program = async () => {
  await gosched();
};

/**
 * Clean, and every run takes 5 s of real time (a busy loop that decides
 * nothing): for the tests that stop workers in the middle of a schedule.
 */
export const slow: Program = () => {
  const until = performance.now() + 5000;
  while (performance.now() < until) {
    // busy
  }
};

/** Ordinary async code (no goroutine but main): a lost update a timer tie exposes; every run follows plain promises. */
export const plainLostUpdate: Program = async () => {
  const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
  const account = { balance: 100 };
  const withdraw = async (n: number): Promise<void> => {
    await delay(10);
    const read = account.balance;
    await delay(10);
    account.balance = read - n;
  };
  await Promise.all([withdraw(10), delay(10).then(() => withdraw(20))]);
  if (account.balance !== 70) throw new Error(`balance ${account.balance}`);
};
