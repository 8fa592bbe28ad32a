/**
 * Small buggy interleave programs shared by the explore, replay and shrink tests.
 */
import { Mutex, WaitGroup, chan, go, gosched, shared, type Program } from '@interleave/core';

/** Two workers read, yield, write a shared counter: a lost update (a `panic` when main checks). */
export const lostUpdate: Program = async () => {
  const n = shared(0, 'counter');
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.go(async () => {
      const v = n.value;
      await gosched();
      n.value = v + 1;
    }, `worker${i}`);
  }
  await wg.wait();
  if (n.value !== 2) throw new Error(`lost update: counter is ${n.value}`);
};

/** Lock-order inversion: deadlocks in some schedules. */
export const abba: Program = async () => {
  const a = new Mutex('a');
  const b = new Mutex('b');
  const wg = new WaitGroup();
  wg.go(async () => { await a.lock(); await gosched(); await b.lock(); b.unlock(); a.unlock(); }, 'ab');
  wg.go(async () => { await b.lock(); await gosched(); await a.lock(); a.unlock(); b.unlock(); }, 'ba');
  await wg.wait();
};

/** A sender nobody receives from: leaks when main returns. */
export const leakySend: Program = async () => {
  const c = chan<number>();
  go(async () => { await c.send(1); }, 'sender');
  await gosched();
};

/** Spins forever: step-limit. */
export const spinner: Program = async () => {
  while (true) await gosched();
};

/** Unsynchronized counter increments: a data race (with the race detector). */
export const racyCounter: Program = async () => {
  const n = shared(0, 'hits');
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) wg.go(async () => { n.value = n.value + 1; }, `inc${i}`);
  await wg.wait();
};

/** A lost update that needs three workers and a deep interleaving (for shrinking). */
export const lostUpdate3: Program = async () => {
  const n = shared(0, 'counter');
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) {
    wg.go(async () => {
      for (let k = 0; k < 2; k++) {
        const v = n.value;
        await gosched();
        n.value = v + 1;
        await gosched();
      }
    }, `worker${i}`);
  }
  await wg.wait();
  if (n.value !== 6) throw new Error(`lost update: counter is ${n.value}`);
};
