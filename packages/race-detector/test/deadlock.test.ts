import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/core-types.ts';
import { DeadlockMonitor } from '../src/deadlock.ts';
import { Sim } from './sim.ts';

function deadlocks(build: (s: Sim) => void): Finding[] {
  const s = new Sim([new DeadlockMonitor()]);
  build(s);
  return s.end();
}

describe('partial deadlock: a lock cycle among parked goroutines', () => {
  it('is reported when the cycle closes, while main still runs', () => {
    const found = deadlocks((s) => {
      const a = s.obj('mutex', 'a');
      const b = s.obj('mutex', 'b');
      s.go(1, 2, undefined, 40);
      s.go(1, 3, undefined, 41);
      s.lock(2, a, 10);
      s.lock(3, b, 20);
      s.block(2, 'sync.Mutex.Lock', [b], 11);
      s.block(3, 'sync.Mutex.Lock', [a], 21);
    });
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f?.kind).toBe('deadlock');
    expect(f?.goroutines).toEqual([3, 2]);
    expect(f?.message).toBe('lock cycle: goroutine 3 waits for goroutine 2 (a), goroutine 2 waits for goroutine 3 (b)');
    expect(f?.text).toBe(
      [
        '==================',
        'DEADLOCK: goroutines wait for each other in a cycle',
        'Goroutine 3 [sync.Mutex.Lock] waits for a, held by goroutine 2:',
        '  blocked at test/prog.ts:21:3',
        '  a locked at test/prog.ts:10:3',
        'Goroutine 2 [sync.Mutex.Lock] waits for b, held by goroutine 3:',
        '  blocked at test/prog.ts:11:3',
        '  b locked at test/prog.ts:20:3',
        '',
        'Each waits for a lock only another member of the cycle can release: they wait forever, even while the rest of the program runs.',
        '',
        'Goroutine 3 (running) created at:',
        '  test/prog.ts:41:3',
        '',
        'Goroutine 2 (running) created at:',
        '  test/prog.ts:40:3',
        '==================',
      ].join('\n'),
    );
  });

  it('is not reported when the holder is not parked (it can still unlock)', () => {
    const found = deadlocks((s) => {
      const a = s.obj('mutex', 'a');
      const b = s.obj('mutex', 'b');
      s.go(1, 2);
      s.go(1, 3);
      s.lock(2, a);
      s.lock(3, b);
      s.block(2, 'sync.Mutex.Lock', [b]);
      s.block(3, 'chan receive', [s.obj('chan')]);
    });
    expect(found).toEqual([]);
  });

  it('is not reported once a member was woken before the cycle closed', () => {
    const found = deadlocks((s) => {
      const a = s.obj('mutex', 'a');
      const b = s.obj('mutex', 'b');
      s.go(1, 2);
      s.go(1, 3);
      s.lock(2, a);
      s.lock(3, b);
      s.block(2, 'sync.Mutex.Lock', [b]);
      s.unlock(3, b); // hands b to 2
      s.lock(2, b);
      s.wake(2, 3);
      s.block(3, 'sync.Mutex.Lock', [a]);
    });
    expect(found).toEqual([]);
  });

  it('follows cycles through three goroutines, reported once', () => {
    const found = deadlocks((s) => {
      const m = [s.obj('mutex', 'm0'), s.obj('mutex', 'm1'), s.obj('mutex', 'm2')];
      for (let i = 0; i < 3; i++) {
        s.go(1, 2 + i);
        s.lock(2 + i, m[i]!);
      }
      for (let i = 0; i < 3; i++) s.block(2 + i, 'sync.Mutex.Lock', [m[(i + 1) % 3]!]);
      s.block(1, 'sleep', []);
    });
    expect(found.map((f) => f.goroutines.slice().sort())).toEqual([[2, 3, 4]]);
  });

  it('finds a recursive read lock behind a waiting writer (RWMutex), not after RUnlock', () => {
    const run = (unlockFirst: boolean): Finding[] =>
      deadlocks((s) => {
        const rw = s.obj('rwmutex', 'rw');
        s.go(1, 2);
        s.rLock(1, rw, 3);
        if (unlockFirst) s.rUnlock(1, rw);
        s.block(2, 'sync.RWMutex.Lock', [rw], 9);
        if (unlockFirst) {
          s.wLock(2, rw);
          s.wake(2, 1);
        }
        s.block(1, 'sync.RWMutex.RLock', [rw], 5);
      });
    const found = run(false);
    expect(found).toHaveLength(1);
    expect(found[0]?.text).toContain('Main goroutine [sync.RWMutex.RLock] waits for rw behind goroutine 2, which waits to lock it:');
    expect(found[0]?.text).toContain('Goroutine 2 [sync.RWMutex.Lock] waits for rw, read-locked by main goroutine:');
    expect(run(true)).toEqual([]);
  });

  it('queues a reader behind any of several waiting writers (they all wait for the same holders)', () => {
    const run = (readerHolds: boolean): Finding[] =>
      deadlocks((s) => {
        const rw = s.obj('rwmutex', 'rw');
        s.go(1, 2);
        s.go(1, 3);
        s.rLock(1, rw);
        if (readerHolds) s.rLock(4, rw);
        s.block(2, 'sync.RWMutex.Lock', [rw]);
        s.block(3, 'sync.RWMutex.Lock', [rw]);
        s.block(4, 'sync.RWMutex.RLock', [rw]);
      });
    expect(run(false)).toEqual([]); // the writers wait for main, which runs
    expect(run(true).map((f) => f.goroutines)).toEqual([[4, 2]]);
  });

  it('leaves self-waits to the lock-order detector', () => {
    const found = deadlocks((s) => {
      const mu = s.obj('mutex', 'mu');
      s.lock(1, mu);
      s.block(1, 'sync.Mutex.Lock', [mu]);
    });
    expect(found).toEqual([]);
  });
});
