/**
 * Commuting rules of the reduction, each with a program where it prunes and a
 * minimal change where it must not (under `sharedState: 'objects'`: the
 * programs keep their shared state in interleave objects). A wrong independence
 * claim loses bugs, so every "must not" program hides a bug that only the order
 * the rule must keep shows.
 *
 * - Different objects commute; one object written by either side does not.
 * - WaitGroup: `done`s commute with each other, and a `wait` is ordered after
 *   every earlier `done` without a race; an `add` from zero stays dependent on
 *   both (a `done` before its `add`, a `wait` that passes before an `add`).
 * - A blocked attempt is no event: a receive, lock or wait that blocks commutes
 *   with the operation that completes it and wakes it, when that step does
 *   nothing after the wake (a clean wake). Not when it does more work, and two
 *   attempts queued on one object stay dependent (the queue order decides whom
 *   a wake picks).
 * - Not for `Cond`: a signal nobody waits for is lost, so `wait` and `signal`
 *   stay dependent.
 */
import { Atomic, Cond, ErrGroup, Mutex, WaitGroup, chan, go, shared, type Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore, type ExploreResult } from '../src/index.ts';

const objects = { strategy: 'exhaustive', sharedState: 'objects', schedules: 10_000, stopOnFirstFailure: false, shrink: false } as const;

async function exhaust(program: Program): Promise<ExploreResult> {
  return explore(program, objects);
}

function messages(r: ExploreResult): string[] {
  return [...new Set(r.failures?.map((f) => f.message) ?? [])];
}

/** `n` goroutines on disjoint atomics, joined as `join` says. */
function joined(n: number, join: 'waitgroup' | 'add-done' | 'channels' | 'errgroup'): Program {
  return async () => {
    const own = Array.from({ length: n }, () => new Atomic(0));
    if (join === 'channels') {
      const done = own.map(() => chan<boolean>());
      own.forEach((a, i) => go(async () => {
        await a.store(i);
        await done[i]!.send(true);
      }));
      for (const c of done) await c.recv();
      return;
    }
    if (join === 'errgroup') {
      const g = new ErrGroup();
      own.forEach((a, i) => g.go(() => a.store(i)));
      await g.wait();
      return;
    }
    const wg = new WaitGroup();
    own.forEach((a, i) => {
      if (join === 'waitgroup') {
        wg.go(() => a.store(i));
        return;
      }
      wg.add(1);
      go(async () => {
        try {
          await a.store(i);
        } finally {
          wg.done();
        }
      });
    });
    await wg.wait();
    for (const a of own) await a.load();
  };
}

describe('joins on disjoint memory: one execution', () => {
  for (const join of ['waitgroup', 'add-done', 'channels', 'errgroup'] as const) {
    it(`${join}, n = 1..8`, async () => {
      const runs: number[] = [];
      for (let n = 1; n <= 8; n++) {
        const r = await exhaust(joined(n, join));
        expect(r.ok && r.exhausted).toBe(true);
        runs.push(r.schedules);
      }
      expect(runs).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    });
  }

  it('under the default sharedState every step may touch plain state: the join is searched (sound, larger)', async () => {
    const r = await explore(joined(3, 'waitgroup'), { ...objects, sharedState: 'anywhere' });
    expect(r.ok && r.exhausted).toBe(true);
    expect(r.schedules).toBeGreaterThan(1);
  });
});

describe('different objects', () => {
  it('prunes: stores to two atomics commute', async () => {
    const r = await exhaust(async () => {
      const [x, y] = [new Atomic(0), new Atomic(0)];
      const wg = new WaitGroup();
      wg.go(() => x.store(1));
      wg.go(() => y.store(1));
      await wg.wait();
    });
    expect(r.schedules).toBe(1);
  });

  it('must not: the same atomic, written by one side, is dependent (the check-then-act bug is found)', async () => {
    const r = await exhaust(async () => {
      const x = new Atomic(0);
      const wg = new WaitGroup();
      wg.go(async () => { await x.store(1); });
      wg.go(async () => { if ((await x.load()) === 1) throw new Error('saw the store'); });
      await wg.wait();
    });
    expect(messages(r)).toEqual(['panic: Error: saw the store (goroutine 3)']);
  });
});

describe('WaitGroup done/done and done/wait', () => {
  it('prunes: dones commute, and the wait is ordered after all of them (3 workers: 1 execution, not 24)', async () => {
    const r = await exhaust(joined(3, 'add-done'));
    expect(r.ok && r.exhausted).toBe(true);
    expect(r.schedules).toBe(1);
  });

  it('must not: which done wakes the waiter is a real difference (the last one panics only when it wakes main)', async () => {
    // Minimal change: each goroutine, after its done, reads whether main already left.
    const r = await exhaust(async () => {
      const wg = new WaitGroup();
      const left = new Atomic(false);
      wg.add(2);
      for (let i = 0; i < 2; i++) {
        go(async () => {
          wg.done();
          if (i === 1 && (await left.load())) throw new Error('goroutine 1 finished last, after main left');
        });
      }
      await wg.wait();
      await left.store(true);
    });
    expect(messages(r)).toEqual(['panic: Error: goroutine 1 finished last, after main left (goroutine 3) (after main returned)']);
  });

  it('must not: a done before its add (a negative counter) is still found', async () => {
    const r = await exhaust(async () => {
      const wg = new WaitGroup();
      go(() => wg.done());
      wg.add(1);
      await wg.wait();
    });
    expect(messages(r)[0]).toBe('panic: sync: negative WaitGroup counter (goroutine 2)');
  });

  it('must not: a wait that passes before an add made in another goroutine is found', async () => {
    const r = await exhaust(async () => {
      const wg = new WaitGroup();
      const finished = new Atomic(false);
      go(async () => {
        wg.add(1);
        await finished.store(true);
        wg.done();
      });
      await wg.wait();
      if (!(await finished.load())) throw new Error('wait returned before the work');
    });
    expect(messages(r)).toContain('panic: Error: wait returned before the work (goroutine 1)');
  });
});

describe('a blocked attempt and the step that completes it (a clean wake)', () => {
  it('prunes: a blocked receive and the send that wakes it commute (n channel joins: 1 execution)', async () => {
    const r = await exhaust(joined(8, 'channels'));
    expect(r.schedules).toBe(1);
  });

  it('must not: a sender that writes after its send, read by the receiver, keeps both orders', async () => {
    const r = await exhaust(async () => {
      const c = chan<number>();
      const flag = shared(false, 'flag');
      go(async () => {
        await c.send(1);
        flag.value = true;
      });
      await c.recv();
      if (flag.value) throw new Error('the sender went on first');
    });
    expect(messages(r)).toContain('panic: Error: the sender went on first (goroutine 1)');
  });

  it('prunes: a blocked lock and the unlock that wakes it commute, whatever follows the unlock (unlock never blocks)', async () => {
    const r = await exhaust(async () => {
      const mu = new Mutex();
      const x = new Atomic(0);
      const wg = new WaitGroup();
      await mu.lock();
      wg.go(async () => {
        await mu.lock();
        await x.store(1);
        mu.unlock();
      });
      const note = shared(0, 'note');
      await x.store(2);
      mu.unlock();
      note.value = 1;
      await wg.wait();
    });
    expect(r.ok && r.exhausted).toBe(true);
    // One trace, one run: the worker's lock races with main's lock (which opened the
    // critical section, before the worker existed: no race), not with main's unlock
    // (before it, the worker's lock would only block and be woken: the same trace).
    expect(r.stats.classes).toBe(1);
    expect(r.schedules).toBe(1);
  });

  it('prunes: a lock races with the lock that opened the critical section before it, not with its unlock (one run per lock order)', async () => {
    const r = await exhaust(async () => {
      const mu = new Mutex();
      const total = new Atomic(0);
      const wg = new WaitGroup();
      for (let i = 1; i <= 3; i++) {
        wg.go(async () => {
          await mu.lock();
          await total.add(i);
          mu.unlock();
        });
      }
      await wg.wait();
    });
    expect(r.ok && r.exhausted).toBe(true);
    // 3! lock orders; no run where a lock only blocks before an unlock and is woken by it.
    expect(r.stats.strategy).toMatchObject({ classes: 6, sleepBlocked: 0 });
    expect(r.schedules).toBe(6);
  });

  it('must not: a blocked lock depends on the lock that made the mutex busy (lock order is explored)', async () => {
    const r = await exhaust(async () => {
      const mu = new Mutex();
      const first = new Atomic(0);
      const wg = new WaitGroup();
      for (let i = 1; i <= 2; i++) {
        wg.go(async () => {
          await mu.lock();
          if ((await first.compareAndSwap(0, i)) && i === 2) throw new Error('worker 2 locked first');
          mu.unlock();
        });
      }
      await wg.wait();
    });
    expect(messages(r)).toContain('panic: Error: worker 2 locked first (goroutine 3)');
  });

  it('must not: two attempts queued on one channel are dependent (which receiver gets the value)', async () => {
    const r = await exhaust(async () => {
      const c = chan<number>();
      const got = new Atomic(0);
      const wg = new WaitGroup();
      for (let i = 1; i <= 2; i++) {
        wg.go(async () => {
          const v = await c.recv();
          if (v === 1 && i === 2) throw new Error('receiver 2 got the first value');
          await got.add(1);
        });
      }
      await c.send(1);
      await c.send(2);
      await wg.wait();
    });
    expect(messages(r)).toContain('panic: Error: receiver 2 got the first value (goroutine 3)');
  });

  it('must not: a Cond signal nobody waits for is lost (wait and signal stay dependent)', async () => {
    const r = await exhaust(async () => {
      const mu = new Mutex();
      const cond = new Cond(mu);
      const wg = new WaitGroup();
      wg.go(async () => {
        await mu.lock();
        await cond.wait();
        mu.unlock();
      });
      await mu.lock();
      cond.signal();
      mu.unlock();
      await wg.wait();
    });
    expect(r.ok).toBe(false);
    expect(r.failures?.[0]?.kind).toBe('deadlock');
  });
});
