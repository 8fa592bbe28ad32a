/**
 * The classic DPOR benchmarks as interleave programs (Atomic, Mutex, Shared):
 * - indexer(n) and file system(n): Flanagan and Godefroid, POPL 2005;
 * - lastzero(n) and readers-writers(r, w): Abdulla, Aronis, Jonsson, Sagonas, POPL 2014.
 * Main spawns the threads and joins them as `join` says: with a WaitGroup
 * (`wg.go`), with one channel per thread (each sends when it is done, main
 * receives them in order), or by sleeping (virtual time advances only when
 * every goroutine is blocked; the default, which the older tests use). The
 * joins users write add no trace: the reduction treats dones as commuting and a
 * blocked receive or wait as no event (see the explorer's recorder).
 */
import { Atomic, Mutex, WaitGroup, chan, go, shared, sleep, type Program } from '@interleave/core';

/**
 * How main waits for the threads it spawned.
 *
 * @example
 * ```ts
 * lastzero(10, 'waitgroup');
 * ```
 */
export type Join = 'sleep' | 'waitgroup' | 'channels';

/** Spawns every thread and waits for them all as `join` says. */
async function runAll(join: Join, threads: readonly [name: string, body: () => Promise<void>][]): Promise<void> {
  if (join === 'waitgroup') {
    const wg = new WaitGroup();
    for (const [name, body] of threads) wg.go(body, name);
    await wg.wait();
    return;
  }
  if (join === 'channels') {
    const done = threads.map(() => chan<boolean>());
    threads.forEach(([name, body], k) => go(async () => {
      await body();
      await done[k]!.send(true);
    }, name));
    for (const c of done) await c.recv();
    return;
  }
  for (const [name, body] of threads) go(body, name);
  await sleep(1);
}

/** One reader looks for the last zero of array[0..n]; writer j sets array[j] = array[j-1] + 1. */
export function lastzero(n: number, join: Join = 'sleep'): Program {
  return async () => {
    const arr = Array.from({ length: n + 1 }, (_, i) => new Atomic(0, `array[${i}]`));
    const threads: [string, () => Promise<void>][] = [['reader', async () => {
      for (let i = n; i >= 0; i--) if ((await arr[i]!.load()) === 0) return;
    }]];
    for (let j = 1; j <= n; j++) {
      threads.push([`writer${j}`, async () => {
        const v = await arr[j - 1]!.load();
        await arr[j]!.store(v + 1);
      }]);
    }
    await runAll(join, threads);
  };
}

/** n threads insert 4 values each in a 128-slot hash table with compare-and-swap and linear probing. */
export function indexer(n: number, join: Join = 'sleep'): Program {
  const SIZE = 128;
  const MAX = 4;
  return async () => {
    const table = Array.from({ length: SIZE }, (_, i) => new Atomic(0, `table[${i}]`));
    await runAll(join, Array.from({ length: n }, (_, tid) => [`t${tid}`, async () => {
      for (let m = 1; m <= MAX; m++) {
        const w = m * 11 + tid;
        let h = (w * 7) % SIZE;
        while (!(await table[h]!.compareAndSwap(0, w))) h = (h + 1) % SIZE;
      }
    }]));
  };
}

/** n threads each allocate a free block for their inode, under inode and block locks. */
export function filesystem(n: number, join: Join = 'sleep', blocks = 26, inodes = 32): Program {
  return async () => {
    const locki = Array.from({ length: inodes }, (_, i) => new Mutex(`locki[${i}]`));
    const lockb = Array.from({ length: blocks }, (_, i) => new Mutex(`lockb[${i}]`));
    const inode = Array.from({ length: inodes }, (_, i) => shared(0, `inode[${i}]`));
    const busy = Array.from({ length: blocks }, (_, i) => shared(false, `busy[${i}]`));
    await runAll(join, Array.from({ length: n }, (_, tid) => [`t${tid}`, async () => {
      const i = tid % inodes;
      await locki[i]!.lock();
      if (inode[i]!.value === 0) {
        let b = (i * 2) % blocks;
        while (true) {
          await lockb[b]!.lock();
          if (!busy[b]!.value) {
            busy[b]!.value = true;
            inode[i]!.value = b + 1;
            lockb[b]!.unlock();
            break;
          }
          lockb[b]!.unlock();
          b = (b + 1) % blocks;
        }
      }
      locki[i]!.unlock();
    }]));
  };
}

/** r readers read x once, w writers write x once. */
export function readersWriters(r: number, w: number, join: Join = 'sleep'): Program {
  return async () => {
    const x = new Atomic(0, 'x');
    const threads: [string, () => Promise<void>][] = [];
    for (let i = 0; i < w; i++) threads.push([`writer${i}`, async () => { await x.store(i + 1); }]);
    for (let i = 0; i < r; i++) threads.push([`reader${i}`, async () => { await x.load(); }]);
    await runAll(join, threads);
  };
}

/** Two goroutines with one atomic operation each; `same`: on the same object. */
export function twoOps(same: boolean, a: 'load' | 'store', b: 'load' | 'store'): Program {
  return async () => {
    const x = new Atomic(0, 'x');
    const y = same ? x : new Atomic(0, 'y');
    go(async () => { if (a === 'load') await x.load(); else await x.store(1); });
    go(async () => { if (b === 'load') await y.load(); else await y.store(2); });
    await sleep(1);
  };
}
