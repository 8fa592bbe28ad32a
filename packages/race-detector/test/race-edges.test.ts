/**
 * Every happens-before edge of Go's memory model, as core emits it, in pairs: a
 * sequence the race detector must accept (the edge orders the accesses) and the
 * minimal change it must report.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/core-types.ts';
import { RaceMonitor } from '../src/race-monitor.ts';
import { Sim } from './sim.ts';

function races(build: (s: Sim) => void): Finding[] {
  const s = new Sim([new RaceMonitor({ captureSite: () => undefined })]);
  build(s);
  return s.end().filter((f) => f.kind === 'race');
}

interface EdgePair {
  edge: string;
  ordered: (s: Sim) => void;
  racy: (s: Sim) => void;
}

const pairs: EdgePair[] = [
  {
    edge: 'go: the go statement before the goroutine starts',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      s.write(1, x);
      s.go(1, 2);
      s.read(2, x);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      s.go(1, 2);
      s.write(1, x); // after `go`: the child does not see it
      s.read(2, x);
    },
  },
  {
    edge: 'unbuffered channel: send before the receive completes',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const ch = s.obj('chan', 'ch');
      s.go(1, 2);
      s.write(2, x);
      s.handoff(2, 1, ch);
      s.read(1, x);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      const ch = s.obj('chan', 'ch');
      s.go(1, 2);
      s.handoff(2, 1, ch);
      s.write(2, x); // after the send
      s.read(1, x);
    },
  },
  {
    edge: 'unbuffered channel: receive before the send completes',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const ch = s.obj('chan', 'ch');
      s.go(1, 2);
      s.write(1, x); // the receiver writes, then receives
      s.handoff(2, 1, ch);
      s.read(2, x); // the sender reads after its send returned
    },
    racy: (s) => {
      // The same program with a buffered channel: the send completes without the receive.
      const x = s.obj('shared', 'x');
      const ch = s.obj('chan', 'ch');
      s.go(1, 2);
      s.buffered(2, ch, 0, 1);
      s.read(2, x);
      s.write(1, x);
      s.buffered(1, ch, 0, 1);
    },
  },
  {
    edge: 'buffered channel: k-th send before the k-th receive completes',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const ch = s.obj('chan', 'ch');
      s.go(1, 2);
      s.buffered(2, ch, 0, 3);
      s.write(2, x);
      s.buffered(2, ch, 1, 3); // second send
      s.buffered(1, ch, 0, 3);
      s.buffered(1, ch, 1, 3); // second receive sees the second send
      s.read(1, x);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      const ch = s.obj('chan', 'ch');
      s.go(1, 2);
      s.buffered(2, ch, 0, 3);
      s.buffered(2, ch, 1, 3);
      s.write(2, x); // after both sends
      s.buffered(1, ch, 0, 3);
      s.buffered(1, ch, 1, 3);
      s.read(1, x);
    },
  },
  {
    edge: 'buffered channel: k-th receive before the (k+C)-th send completes (a semaphore)',
    ordered: (s) => {
      // sem := make(chan struct{}, 1); each goroutine: sem <- x; critical; <-sem
      const x = s.obj('shared', 'x');
      const sem = s.obj('chan', 'sem');
      s.go(1, 2);
      s.go(1, 3);
      s.buffered(2, sem, 0, 1);
      s.write(2, x);
      s.buffered(2, sem, 0, 1); // receive #0
      s.buffered(3, sem, 1, 1); // send #1 = #0 + C
      s.write(3, x);
      s.buffered(3, sem, 1, 1);
    },
    racy: (s) => {
      // The same program with capacity 2: two goroutines may be inside at once.
      const x = s.obj('shared', 'x');
      const sem = s.obj('chan', 'sem');
      s.go(1, 2);
      s.go(1, 3);
      s.buffered(2, sem, 0, 2);
      s.write(2, x);
      s.buffered(2, sem, 0, 2);
      s.buffered(3, sem, 1, 2);
      s.write(3, x);
      s.buffered(3, sem, 1, 2);
    },
  },
  {
    edge: 'close before a receive that observes the close',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const done = s.obj('chan', 'done');
      s.go(1, 2);
      s.write(2, x);
      s.close(2, done);
      s.recvClosed(1, done);
      s.read(1, x);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      const done = s.obj('chan', 'done');
      s.go(1, 2);
      s.close(2, done);
      s.write(2, x);
      s.recvClosed(1, done);
      s.read(1, x);
    },
  },
  {
    edge: 'Mutex: unlock before the next lock',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const mu = s.obj('mutex', 'mu');
      s.go(1, 2);
      s.lock(2, mu);
      s.write(2, x);
      s.unlock(2, mu);
      s.lock(1, mu);
      s.read(1, x);
      s.unlock(1, mu);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      const mu = s.obj('mutex', 'mu');
      s.go(1, 2);
      s.lock(2, mu);
      s.write(2, x);
      s.unlock(2, mu);
      s.read(1, x); // without the lock
    },
  },
  {
    edge: 'RWMutex: RUnlock before the next Lock',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const rw = s.obj('rwmutex', 'rw');
      s.go(1, 2);
      s.rLock(2, rw);
      s.read(2, x);
      s.rUnlock(2, rw);
      s.wLock(1, rw);
      s.write(1, x);
      s.wUnlock(1, rw);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      const rw = s.obj('rwmutex', 'rw');
      s.go(1, 2);
      s.rLock(2, rw);
      s.read(2, x);
      s.rUnlock(2, rw);
      s.rLock(1, rw); // a write under a read lock
      s.write(1, x);
      s.rUnlock(1, rw);
    },
  },
  {
    edge: 'RWMutex: Unlock before the next RLock',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const rw = s.obj('rwmutex', 'rw');
      s.go(1, 2);
      s.wLock(2, rw);
      s.write(2, x);
      s.wUnlock(2, rw);
      s.rLock(1, rw);
      s.read(1, x);
      s.rUnlock(1, rw);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      const rw = s.obj('rwmutex', 'rw');
      s.go(1, 2);
      s.rLock(2, rw);
      s.write(2, x); // written under a read lock
      s.rUnlock(2, rw);
      s.rLock(1, rw);
      s.read(1, x);
      s.rUnlock(1, rw);
    },
  },
  {
    edge: 'RWMutex: Unlock before the next Lock',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const rw = s.obj('rwmutex', 'rw');
      s.go(1, 2);
      s.wLock(2, rw);
      s.write(2, x);
      s.wUnlock(2, rw);
      s.wLock(1, rw);
      s.write(1, x);
      s.wUnlock(1, rw);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      const rw = s.obj('rwmutex', 'rw');
      s.go(1, 2);
      s.wLock(2, rw);
      s.wUnlock(2, rw);
      s.write(2, x); // after Unlock
      s.wLock(1, rw);
      s.write(1, x);
      s.wUnlock(1, rw);
    },
  },
  {
    edge: 'WaitGroup: done before the wait it releases returns',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const wg = s.obj('waitgroup', 'wg');
      s.wgAdd(1, wg, true);
      s.go(1, 2);
      s.write(2, x);
      s.wgDone(2, wg);
      s.wgWaitStart(1, wg, true);
      s.wgWaitReturn(1, wg);
      s.read(1, x);
    },
    racy: (s) => {
      const x = s.obj('shared', 'x');
      const wg = s.obj('waitgroup', 'wg');
      s.wgAdd(1, wg, true);
      s.go(1, 2);
      s.wgDone(2, wg);
      s.write(2, x); // after done
      s.wgWaitStart(1, wg, true);
      s.wgWaitReturn(1, wg);
      s.read(1, x);
    },
  },
  {
    edge: 'Once: the function given to do before any do returns',
    ordered: (s) => {
      const x = s.obj('shared', 'config');
      const once = s.obj('once', 'once');
      s.go(1, 2);
      s.go(1, 3);
      s.write(2, x); // inside fn
      s.onceFnDone(2, once);
      s.onceReturn(2, once);
      s.onceReturn(3, once);
      s.read(3, x);
    },
    racy: (s) => {
      const x = s.obj('shared', 'config');
      const once = s.obj('once', 'once');
      s.go(1, 2);
      s.go(1, 3);
      s.onceFnDone(2, once);
      s.onceReturn(2, once);
      s.write(2, x); // after do, outside fn
      s.onceReturn(3, once);
      s.read(3, x);
    },
  },
  {
    edge: 'Cond: through its lock (Wait unlocks, relocks after the signal)',
    ordered: (s) => {
      const x = s.obj('shared', 'ready');
      const mu = s.obj('mutex', 'mu');
      const cond = s.obj('cond', 'cond');
      s.go(1, 2);
      s.lock(1, mu);
      s.unlock(1, mu); // cond.wait releases the lock and parks
      s.block(1, 'sync.Cond.Wait', [cond]);
      s.lock(2, mu);
      s.write(2, x);
      s.wake(1, 2); // cond.signal() under the lock
      s.unlock(2, mu);
      s.lock(1, mu); // wait relocks before returning
      s.read(1, x);
      s.unlock(1, mu);
    },
    racy: (s) => {
      const x = s.obj('shared', 'ready');
      const mu = s.obj('mutex', 'mu');
      const cond = s.obj('cond', 'cond');
      s.go(1, 2);
      s.lock(1, mu);
      s.unlock(1, mu);
      s.block(1, 'sync.Cond.Wait', [cond]);
      s.write(2, x); // signalling without the lock: the signal itself orders nothing
      s.wake(1, 2);
      s.lock(1, mu);
      s.read(1, x);
      s.unlock(1, mu);
    },
  },
  {
    edge: 'atomics: a store before the load that observes it',
    ordered: (s) => {
      const x = s.obj('shared', 'data');
      const flag = s.obj('atomic', 'flag');
      s.go(1, 2);
      s.write(2, x);
      s.atomicOp(2, flag, true);
      s.atomicOp(1, flag, false);
      s.read(1, x);
    },
    racy: (s) => {
      const x = s.obj('shared', 'data');
      const flag = s.obj('atomic', 'flag');
      s.go(1, 2);
      s.atomicOp(2, flag, true);
      s.write(2, x); // after the store
      s.atomicOp(1, flag, false);
      s.read(1, x);
    },
  },
  {
    edge: 'context: cancel before done() observed closed',
    ordered: (s) => {
      const x = s.obj('shared', 'result');
      const done = s.obj('chan', 'ctx.done');
      s.go(1, 2);
      s.write(2, x);
      s.close(2, done); // cancel()
      s.recvClosed(1, done); // <-ctx.Done()
      s.read(1, x);
    },
    racy: (s) => {
      const x = s.obj('shared', 'result');
      const done = s.obj('chan', 'ctx.done');
      s.go(1, 2);
      s.close(2, done);
      s.write(2, x);
      s.recvClosed(1, done);
      s.read(1, x);
    },
  },
  {
    edge: 'ErrGroup: the goroutines before wait returns',
    ordered: (s) => {
      const r0 = s.obj('shared', 'results[0]');
      const r1 = s.obj('shared', 'results[1]');
      const wg = s.obj('waitgroup', 'errgroup');
      s.wgAdd(1, wg, true); // g.go(fn): add(1), go
      s.go(1, 2);
      s.wgAdd(1, wg, false);
      s.go(1, 3);
      s.write(2, r0);
      s.wgDone(2, wg); // fn returned
      s.wgWaitStart(1, wg, true);
      s.write(3, r1);
      s.wgDone(3, wg);
      s.wgWaitReturn(1, wg);
      s.read(1, r0);
      s.read(1, r1);
    },
    racy: (s) => {
      const r0 = s.obj('shared', 'results[0]');
      const r1 = s.obj('shared', 'results[1]');
      const wg = s.obj('waitgroup', 'errgroup');
      s.wgAdd(1, wg, true);
      s.go(1, 2);
      s.wgAdd(1, wg, false);
      s.go(1, 3);
      s.write(2, r0);
      s.wgDone(2, wg);
      s.write(3, r1);
      s.read(1, r1); // read before wait
      s.wgDone(3, wg);
      s.wgWaitStart(1, wg, false);
      s.wgWaitReturn(1, wg);
      s.read(1, r0);
    },
  },
  {
    edge: 'Semaphore: release before the acquire it enables',
    ordered: (s) => {
      const x = s.obj('shared', 'x');
      const sem = s.obj('semaphore', 'sem');
      s.go(1, 2);
      s.go(1, 3);
      s.semAcquire(2, sem);
      s.write(2, x);
      s.semRelease(2, sem);
      s.semAcquire(3, sem);
      s.write(3, x);
      s.semRelease(3, sem);
    },
    racy: (s) => {
      // Weight 2: both acquire before either releases.
      const x = s.obj('shared', 'x');
      const sem = s.obj('semaphore', 'sem');
      s.go(1, 2);
      s.go(1, 3);
      s.semAcquire(2, sem);
      s.semAcquire(3, sem);
      s.write(2, x);
      s.write(3, x);
      s.semRelease(2, sem);
      s.semRelease(3, sem);
    },
  },
];

describe('happens-before edges', () => {
  for (const p of pairs) {
    describe(p.edge, () => {
      it('orders the accesses: no race', () => {
        expect(races(p.ordered).map((f) => f.message)).toEqual([]);
      });
      it('the minimal change without the edge is a race', () => {
        expect(races(p.racy)).toHaveLength(1);
      });
    });
  }
});

describe('no edges', () => {
  it('sleep orders nothing (and a real hand-off does)', () => {
    const viaSleep = races((s) => {
      const x = s.obj('shared', 'x');
      s.go(1, 2);
      s.write(2, x);
      s.block(1, 'sleep', []);
      s.wake(1, 0);
      s.read(1, x);
    });
    expect(viaSleep).toHaveLength(1);
    const viaChannel = races((s) => {
      const x = s.obj('shared', 'x');
      const ch = s.obj('chan');
      s.go(1, 2);
      s.write(2, x);
      s.handoff(2, 1, ch);
      s.read(1, x);
    });
    expect(viaChannel).toEqual([]);
  });

  it('a goroutine ending orders nothing (and done + wait does)', () => {
    const viaExit = races((s) => {
      const x = s.obj('shared', 'x');
      s.go(1, 2);
      s.write(2, x);
      s.exit(2);
      s.read(1, x);
    });
    expect(viaExit).toHaveLength(1);
    expect(viaExit[0]?.text).toContain('Goroutine 2 (finished) created at:');
  });

  it('a timer-originated send emits nothing: a write before `after` is not ordered with its receiver', () => {
    // The timer goroutine sends with no sync events; the receiver gets no edge from the writer.
    const r = races((s) => {
      const x = s.obj('shared', 'x');
      const t = s.obj('chan', 'timer');
      s.go(1, 2);
      s.write(2, x);
      s.block(1, 'chan receive', [t]);
      s.wake(1, 0);
      s.read(1, x);
    });
    expect(r).toHaveLength(1);
  });
});

describe('transitivity', () => {
  it('chains edges across goroutines and objects', () => {
    const r = races((s) => {
      const x = s.obj('shared', 'x');
      const ch = s.obj('chan', 'ch');
      const mu = s.obj('mutex', 'mu');
      s.go(1, 2);
      s.go(1, 3);
      s.write(2, x);
      s.handoff(2, 3, ch);
      s.lock(3, mu);
      s.unlock(3, mu);
      s.lock(1, mu);
      s.read(1, x);
      s.unlock(1, mu);
    });
    expect(r).toEqual([]);
  });

  it('does not order goroutines that only synchronized with a third one before it learned anything', () => {
    const r = races((s) => {
      const x = s.obj('shared', 'x');
      const mu = s.obj('mutex', 'mu');
      s.go(1, 2);
      s.go(1, 3);
      s.lock(3, mu);
      s.unlock(3, mu);
      s.write(2, x);
      s.lock(2, mu);
      s.unlock(2, mu);
      s.lock(1, mu); // main learns 2's write through mu: ordered
      s.unlock(1, mu);
      s.read(1, x);
      s.read(3, x); // 3 synchronized with mu before 2's write: races
    });
    expect(r).toHaveLength(1);
    expect(r[0]?.goroutines).toEqual([3, 2]);
  });
});
