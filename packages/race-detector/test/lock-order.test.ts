import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/core-types.ts';
import { LockOrderMonitor } from '../src/lock-order.ts';
import { Sim } from './sim.ts';

function lockOrder(build: (s: Sim) => void): Finding[] {
  const s = new Sim([new LockOrderMonitor()]);
  build(s);
  return s.end();
}

describe('lock-order inversion', () => {
  it('reports two goroutines nesting two locks in opposite orders, though nothing deadlocked', () => {
    const found = lockOrder((s) => {
      const a = s.obj('mutex', 'accounts');
      const b = s.obj('mutex', 'ledger');
      s.go(1, 2, undefined, 30);
      s.go(1, 3, 'audit', 31);
      s.lock(2, a, 10);
      s.lock(2, b, 11);
      s.unlock(2, b);
      s.unlock(2, a);
      s.lock(3, b, 20);
      s.lock(3, a, 21);
    });
    expect(found).toHaveLength(1);
    const [f] = found;
    expect(f?.kind).toBe('lock-order');
    expect(f?.goroutines).toEqual([3, 2]);
    expect(f?.message).toBe(
      'lock order inversion: goroutine 3 locked accounts at test/prog.ts:21:3 while holding ledger, goroutine 2 locked ledger at test/prog.ts:11:3 while holding accounts',
    );
    expect(f?.text).toBe(
      [
        '==================',
        'POTENTIAL DEADLOCK: inconsistent lock order',
        'Goroutine 3 locked accounts while holding ledger:',
        '  ledger locked at:',
        '    test/prog.ts:20:3',
        '  accounts locked at:',
        '    test/prog.ts:21:3',
        '',
        'Goroutine 2 locked ledger while holding accounts:',
        '  accounts locked at:',
        '    test/prog.ts:10:3',
        '  ledger locked at:',
        '    test/prog.ts:11:3',
        '',
        'Running both at once, each goroutine waits for the lock the other holds: take the locks in one order everywhere.',
        '',
        'Goroutine 3 "audit" (running) created at:',
        '  test/prog.ts:31:3',
        '',
        'Goroutine 2 (running) created at:',
        '  test/prog.ts:30:3',
        '==================',
      ].join('\n'),
    );
  });

  it('does not report the same order in both goroutines', () => {
    const found = lockOrder((s) => {
      const a = s.obj('mutex', 'a');
      const b = s.obj('mutex', 'b');
      s.go(1, 2);
      s.go(1, 3);
      s.lock(2, a);
      s.lock(2, b);
      s.unlock(2, b);
      s.unlock(2, a);
      s.lock(3, a);
      s.lock(3, b);
    });
    expect(found).toEqual([]);
  });

  it('does not report one goroutine taking both orders at different times (it cannot wait for itself)', () => {
    const found = lockOrder((s) => {
      const a = s.obj('mutex', 'a');
      const b = s.obj('mutex', 'b');
      s.lock(1, a);
      s.lock(1, b);
      s.unlock(1, b);
      s.unlock(1, a);
      s.lock(1, b);
      s.lock(1, a);
    });
    expect(found).toEqual([]);
  });

  it('does not report opposite orders under a common gate lock, and does without it', () => {
    const run = (gate: boolean): Finding[] =>
      lockOrder((s) => {
        const g = s.obj('mutex', 'gate');
        const a = s.obj('mutex', 'a');
        const b = s.obj('mutex', 'b');
        s.go(1, 2);
        s.go(1, 3);
        if (gate) s.lock(2, g);
        s.lock(2, a);
        s.lock(2, b);
        s.unlock(2, b);
        s.unlock(2, a);
        if (gate) s.unlock(2, g);
        if (gate) s.lock(3, g);
        s.lock(3, b);
        s.lock(3, a);
      });
    expect(run(true)).toEqual([]);
    expect(run(false)).toHaveLength(1);
  });

  it('does not report read locks that cannot exclude each other, and does when one side writes', () => {
    const run = (writer: boolean): Finding[] =>
      lockOrder((s) => {
        const a = s.obj('rwmutex', 'a');
        const b = s.obj('rwmutex', 'b');
        s.go(1, 2);
        s.go(1, 3);
        s.rLock(2, a);
        s.rLock(2, b);
        s.rUnlock(2, b);
        s.rUnlock(2, a);
        if (writer) {
          s.wLock(3, b);
          s.wLock(3, a);
        } else {
          s.rLock(3, b);
          s.rLock(3, a);
        }
      });
    expect(run(false)).toEqual([]);
    expect(run(true)).toHaveLength(1);
  });

  it('reports each pair of locks once per run', () => {
    const found = lockOrder((s) => {
      const a = s.obj('mutex', 'a');
      const b = s.obj('mutex', 'b');
      s.go(1, 2);
      s.go(1, 3);
      for (let i = 0; i < 3; i++) {
        s.lock(2, a);
        s.lock(2, b);
        s.unlock(2, b);
        s.unlock(2, a);
        s.lock(3, b);
        s.lock(3, a);
        s.unlock(3, a);
        s.unlock(3, b);
      }
    });
    expect(found).toHaveLength(1);
  });
});

describe('recursive locking', () => {
  it('reports a goroutine locking a Mutex it holds, and not another goroutine waiting for it', () => {
    const recursive = lockOrder((s) => {
      const mu = s.obj('mutex', 'mu');
      s.lock(1, mu, 5);
      s.block(1, 'sync.Mutex.Lock', [mu], 6);
    });
    expect(recursive).toHaveLength(1);
    expect(recursive[0]?.message).toBe(
      'recursive locking: main goroutine locks mu at test/prog.ts:6:3 while holding it (locked at test/prog.ts:5:3)',
    );
    expect(recursive[0]?.text).toContain("Go's locks are not reentrant");
    const other = lockOrder((s) => {
      const mu = s.obj('mutex', 'mu');
      s.go(1, 2);
      s.lock(1, mu);
      s.block(2, 'sync.Mutex.Lock', [mu]);
    });
    expect(other).toEqual([]);
  });

  it('reports recursive read locking even when no writer came in between, and not after RUnlock', () => {
    const recursive = lockOrder((s) => {
      const rw = s.obj('rwmutex', 'cache');
      s.rLock(1, rw);
      s.rLock(1, rw);
    });
    expect(recursive).toHaveLength(1);
    expect(recursive[0]?.text).toContain('Go prohibits recursive read locking');
    const sequential = lockOrder((s) => {
      const rw = s.obj('rwmutex', 'cache');
      s.rLock(1, rw);
      s.rUnlock(1, rw);
      s.rLock(1, rw);
    });
    expect(sequential).toEqual([]);
  });

  it('reports a recursive read lock that parks behind a writer once (block, then the grant)', () => {
    const found = lockOrder((s) => {
      const rw = s.obj('rwmutex', 'rw');
      s.go(1, 2);
      s.rLock(1, rw, 3);
      s.block(2, 'sync.RWMutex.Lock', [rw], 9);
      s.block(1, 'sync.RWMutex.RLock', [rw], 5);
    });
    expect(found).toHaveLength(1);
  });

  it('follows an unlock by another goroutine (Go allows it): no recursive report after it', () => {
    const found = lockOrder((s) => {
      const mu = s.obj('mutex', 'mu');
      s.go(1, 2);
      s.lock(1, mu);
      s.unlock(2, mu);
      s.lock(1, mu);
    });
    expect(found).toEqual([]);
  });
});

describe('lock-order inversion in a schedule that deadlocks', () => {
  it('is reported from the parked attempts too', () => {
    const found = lockOrder((s) => {
      const a = s.obj('mutex', 'a');
      const b = s.obj('mutex', 'b');
      s.go(1, 2);
      s.go(1, 3);
      s.lock(2, a);
      s.lock(3, b);
      s.block(2, 'sync.Mutex.Lock', [b]);
      s.block(3, 'sync.Mutex.Lock', [a]);
    });
    expect(found.map((f) => f.kind)).toEqual(['lock-order']);
  });
});

describe('gate locks per occurrence', () => {
  it('remembers an ungated nesting even after the same goroutine nested the same locks under a gate', () => {
    const found = lockOrder((s) => {
      const gate = s.obj('mutex', 'gate');
      const a = s.obj('mutex', 'a');
      const b = s.obj('mutex', 'b');
      s.go(1, 2);
      s.go(1, 3);
      s.lock(2, gate);
      s.lock(2, a);
      s.lock(2, b);
      s.unlock(2, b);
      s.unlock(2, a);
      s.unlock(2, gate);
      s.lock(2, a); // the same order, now without the gate
      s.lock(2, b);
      s.unlock(2, b);
      s.unlock(2, a);
      s.lock(3, gate); // the gate keeps 3 from the gated nesting, not from the ungated one
      s.lock(3, b);
      s.lock(3, a);
    });
    expect(found).toHaveLength(1);
  });
});
