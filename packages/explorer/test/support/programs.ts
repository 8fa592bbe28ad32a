/**
 * The classic DPOR benchmarks as simulated programs (see sim.ts), plus small
 * programs with hand-checkable trace counts.
 * - indexer(n), file system(n): Flanagan and Godefroid, POPL 2005.
 * - lastzero(n), readers-writers: Abdulla, Aronis, Jonsson, Sagonas, POPL 2014.
 * Main spawns the threads and joins them (`join` wakes it through the runtime,
 * like virtual time, so the join adds no dependence).
 */
import { cas, join, load, lock, store, yieldOp, type Sim, type SimProgram, type Thread } from './sim.ts';

/** lastzero(n): one reader looks for the last zero of array[0..n]; writer j sets array[j] = array[j-1] + 1. */
export function lastzero(n: number): SimProgram {
  return function* (s: Sim): Thread {
    const arr = Array.from({ length: n + 1 }, (_, i) => s.atomic(0, `array[${i}]`));
    s.go(function* (): Thread {
      for (let i = n; i >= 0; i--) if ((yield load(arr[i]!)) === 0) return;
    }, 'reader');
    for (let j = 1; j <= n; j++) {
      s.go(function* (): Thread {
        const v = yield load(arr[j - 1]!);
        yield store(arr[j]!, v + 1);
      }, `writer${j}`);
    }
    yield join;
  };
}

/** indexer(n): n threads insert 4 values each in a 128-slot hash table with CAS and linear probing. */
export function indexer(n: number): SimProgram {
  const SIZE = 128;
  const MAX = 4;
  return function* (s: Sim): Thread {
    const table = Array.from({ length: SIZE }, (_, i) => s.atomic(0, `table[${i}]`));
    for (let tid = 0; tid < n; tid++) {
      s.go(function* (): Thread {
        for (let m = 1; m <= MAX; m++) {
          const w = m * 11 + tid;
          let h = (w * 7) % SIZE;
          while ((yield cas(table[h]!, 0, w)) === 0) h = (h + 1) % SIZE;
        }
      }, `t${tid}`);
    }
    yield join;
  };
}

/** file system(n): n threads each allocate a free block for their inode, under inode and block locks. */
export function filesystem(n: number, blocks = 26, inodes = 32): SimProgram {
  return function* (s: Sim): Thread {
    const locki = Array.from({ length: inodes }, (_, i) => s.mutex(`locki[${i}]`));
    const lockb = Array.from({ length: blocks }, (_, i) => s.mutex(`lockb[${i}]`));
    const inode = Array.from({ length: inodes }, (_, i) => s.shared(0, `inode[${i}]`));
    const busy = Array.from({ length: blocks }, (_, i) => s.shared(0, `busy[${i}]`));
    for (let tid = 0; tid < n; tid++) {
      s.go(function* (): Thread {
        const i = tid % inodes;
        yield lock(locki[i]!);
        if (s.read(inode[i]!) === 0) {
          let b = (i * 2) % blocks;
          while (true) {
            yield lock(lockb[b]!);
            if (s.read(busy[b]!) === 0) {
              s.write(busy[b]!, 1);
              s.write(inode[i]!, b + 1);
              s.unlock(lockb[b]!);
              break;
            }
            s.unlock(lockb[b]!);
            b = (b + 1) % blocks;
          }
        }
        s.unlock(locki[i]!);
      }, `t${tid}`);
    }
    yield join;
  };
}

/** readers-writers: r readers read x once, w writers write x once: w! * (w+1)^r traces. */
export function readersWriters(r: number, w: number): SimProgram {
  return function* (s: Sim): Thread {
    const x = s.atomic(0, 'x');
    for (let i = 0; i < w; i++) s.go(function* (): Thread { yield store(x, i + 1); }, `writer${i}`);
    for (let i = 0; i < r; i++) s.go(function* (): Thread { yield load(x); }, `reader${i}`);
    yield join;
  };
}

/** Two goroutines with one atomic op each; `same`: on the same object. */
export function twoOps(same: boolean, opA: 'load' | 'store', opB: 'load' | 'store'): SimProgram {
  return function* (s: Sim): Thread {
    const a = s.atomic(0, 'a');
    const b = same ? a : s.atomic(0, 'b');
    s.go(function* (): Thread { yield opA === 'load' ? load(a) : store(a, 1); });
    s.go(function* (): Thread { yield opB === 'load' ? load(b) : store(b, 2); });
    yield join;
  };
}

/** Lost update: two goroutines read, yield, write a shared counter; main checks it. */
export function lostUpdate(workers = 2): SimProgram {
  return function* (s: Sim): Thread {
    const n = s.atomic(0, 'counter');
    for (let i = 0; i < workers; i++) {
      s.go(function* (): Thread {
        const v = yield load(n);
        yield store(n, v + 1);
      }, `worker${i}`);
    }
    yield join;
    if ((yield load(n)) !== workers) s.fail('lost update');
  };
}

/** Lock-order inversion that deadlocks in some schedules. */
export function abba(): SimProgram {
  return function* (s: Sim): Thread {
    const a = s.mutex('a');
    const b = s.mutex('b');
    s.go(function* (): Thread { yield lock(a); yield yieldOp; yield lock(b); s.unlock(b); s.unlock(a); }, 'ab');
    s.go(function* (): Thread { yield lock(b); yield yieldOp; yield lock(a); s.unlock(a); s.unlock(b); }, 'ba');
    yield join;
  };
}

/** Main returns without waiting: a goroutine's store may or may not happen. */
export function mainExitsEarly(): SimProgram {
  return function* (s: Sim): Thread {
    const x = s.atomic(0, 'x');
    s.go(function* (): Thread { yield store(x, 1); }, 'late');
    yield store(x, 2);
  };
}

/** A goroutine whose behaviour depends on a random answer with 3 options. */
export function randomBranch(): SimProgram {
  return function* (s: Sim): Thread {
    const x = s.atomic(0, 'x');
    const y = s.atomic(0, 'y');
    s.go(function* (): Thread {
      const k = s.random(3);
      yield store(k === 0 ? x : y, 1);
    }, 'chooser');
    s.go(function* (): Thread { yield store(x, 2); }, 'writer');
    yield join;
  };
}

/** Mutex-protected counter with n goroutines doing `iterations` lock/yield/unlock rounds. */
export function lockedCounter(n: number, iterations: number): SimProgram {
  return function* (s: Sim): Thread {
    const m = s.mutex('m');
    const c = s.shared(0, 'c');
    for (let i = 0; i < n; i++) {
      s.go(function* (): Thread {
        for (let k = 0; k < iterations; k++) {
          yield lock(m);
          const v = s.read(c);
          yield yieldOp;
          s.write(c, v + 1);
          s.unlock(m);
        }
      }, `w${i}`);
    }
    yield join;
    if (s.read(c) !== n * iterations) s.fail('wrong count');
  };
}
