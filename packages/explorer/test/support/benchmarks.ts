/**
 * The classic DPOR benchmarks as interleave programs (Atomic, Mutex, Shared):
 * - indexer(n) and file system(n): Flanagan and Godefroid, POPL 2005;
 * - lastzero(n) and readers-writers(r, w): Abdulla, Aronis, Jonsson, Sagonas, POPL 2014.
 * Main spawns the threads and joins them by sleeping: virtual time advances only
 * when every goroutine is blocked, so the join adds no dependence (a WaitGroup
 * would: its `done` calls are ordered operations on one object).
 */
import { Atomic, Mutex, go, shared, sleep, type Program } from '@interleave/core';

/** One reader looks for the last zero of array[0..n]; writer j sets array[j] = array[j-1] + 1. */
export function lastzero(n: number): Program {
  return async () => {
    const arr = Array.from({ length: n + 1 }, (_, i) => new Atomic(0, `array[${i}]`));
    go(async () => {
      for (let i = n; i >= 0; i--) if ((await arr[i]!.load()) === 0) return;
    }, 'reader');
    for (let j = 1; j <= n; j++) {
      go(async () => {
        const v = await arr[j - 1]!.load();
        await arr[j]!.store(v + 1);
      }, `writer${j}`);
    }
    await sleep(1);
  };
}

/** n threads insert 4 values each in a 128-slot hash table with compare-and-swap and linear probing. */
export function indexer(n: number): Program {
  const SIZE = 128;
  const MAX = 4;
  return async () => {
    const table = Array.from({ length: SIZE }, (_, i) => new Atomic(0, `table[${i}]`));
    for (let tid = 0; tid < n; tid++) {
      go(async () => {
        for (let m = 1; m <= MAX; m++) {
          const w = m * 11 + tid;
          let h = (w * 7) % SIZE;
          while (!(await table[h]!.compareAndSwap(0, w))) h = (h + 1) % SIZE;
        }
      }, `t${tid}`);
    }
    await sleep(1);
  };
}

/** n threads each allocate a free block for their inode, under inode and block locks. */
export function filesystem(n: number, blocks = 26, inodes = 32): Program {
  return async () => {
    const locki = Array.from({ length: inodes }, (_, i) => new Mutex(`locki[${i}]`));
    const lockb = Array.from({ length: blocks }, (_, i) => new Mutex(`lockb[${i}]`));
    const inode = Array.from({ length: inodes }, (_, i) => shared(0, `inode[${i}]`));
    const busy = Array.from({ length: blocks }, (_, i) => shared(false, `busy[${i}]`));
    for (let tid = 0; tid < n; tid++) {
      go(async () => {
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
      }, `t${tid}`);
    }
    await sleep(1);
  };
}

/** r readers read x once, w writers write x once. */
export function readersWriters(r: number, w: number): Program {
  return async () => {
    const x = new Atomic(0, 'x');
    for (let i = 0; i < w; i++) go(async () => { await x.store(i + 1); }, `writer${i}`);
    for (let i = 0; i < r; i++) go(async () => { await x.load(); }, `reader${i}`);
    await sleep(1);
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
