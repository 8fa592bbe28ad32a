/**
 * Go's own sync tests (src/sync/mutex_test.go) and golang.org/x/sync's
 * (semaphore/semaphore_test.go, errgroup/errgroup_test.go), ported: each case names
 * the Go test it comes from.
 */
import { describe, expect, it } from 'vitest';
import { chan, context, ErrGroup, go, gosched, Mutex, RWMutex, run, Semaphore, sleep, WaitGroup, type Program } from '@interleave/core';

async function ok(program: Program, seeds = [0, 1, 2, 3]): Promise<void> {
  for (const seed of seeds) {
    const r = await run(program, { seed });
    expect(r.findings.map((f) => f.text)).toEqual([]);
  }
}

describe('Go conformance: sync.Mutex', () => {
  it('TestMutex: 10 goroutines lock and unlock 1000 times each', () =>
    ok(async () => {
      const m = new Mutex();
      const done = chan<boolean>();
      expect(m.tryLock()).toBe(true);
      expect(m.tryLock()).toBe(false);
      m.unlock();
      for (let i = 0; i < 10; i++) {
        go(async () => {
          for (let j = 0; j < 100; j++) {
            await m.lock();
            m.unlock();
          }
          await done.send(true);
        });
      }
      for (let i = 0; i < 10; i++) await done.recv();
    }));

  it('TestMutexMisuse: Mutex.Unlock, Mutex.Unlock2, RWMutex.Unlock, RWMutex.RUnlock are fatal errors', async () => {
    const cases: [string, Program][] = [
      ['sync: unlock of unlocked mutex', () => new Mutex().unlock()],
      ['sync: unlock of unlocked mutex', async () => {
        const mu = new Mutex();
        await mu.lock();
        mu.unlock();
        mu.unlock();
      }],
      ['sync: Unlock of unlocked RWMutex', () => new RWMutex().unlock()],
      ['sync: RUnlock of unlocked RWMutex', () => new RWMutex().rUnlock()],
      ['sync: Unlock of unlocked RWMutex', async () => {
        const mu = new RWMutex();
        await mu.rLock();
        mu.unlock();
      }],
    ];
    for (const [want, program] of cases) {
      const r = await run(program);
      expect(r.findings.map((f) => f.message)).toEqual([`fatal error: ${want} (goroutine 1)`]);
    }
  });

  it('TestMutexFairness: a goroutine that keeps relocking does not starve another (starvation mode after 1 ms)', () =>
    ok(async () => {
      const mu = new Mutex();
      let stop = false;
      const done = chan<boolean>(1);
      go(async () => {
        while (!stop) {
          await mu.lock();
          await sleep(0.1);
          mu.unlock();
        }
        await done.send(true);
      });
      const got = chan<boolean>(1);
      go(async () => {
        for (let i = 0; i < 10; i++) {
          await sleep(0.1);
          await mu.lock();
          mu.unlock();
        }
        await got.send(true);
      });
      await got.recv();
      stop = true;
      await done.recv();
    }));
});

describe('Go conformance: x/sync/semaphore', () => {
  it('TestWeighted: many goroutines, random weights, never more than the size held', () =>
    ok(async () => {
      const n = 8;
      const sem = new Semaphore(n);
      const wg = new WaitGroup();
      for (let i = 0; i < n; i++) {
        const k = i + 1;
        wg.go(async () => {
          for (let j = 0; j < 10; j++) {
            expect(await sem.acquire(context.background(), k)).toBeUndefined();
            expect(sem.held).toBeLessThanOrEqual(n);
            await gosched();
            sem.release(k);
          }
        });
      }
      await wg.wait();
    }));

  it('TestWeightedPanic: releasing more than held panics', () =>
    ok(() => {
      expect(() => new Semaphore(1).release(1)).toThrow('semaphore: released more than held');
    }));

  it('TestWeightedTryAcquire', () =>
    ok(() => {
      const sem = new Semaphore(2);
      const tries = [sem.tryAcquire(1), sem.tryAcquire(1), sem.tryAcquire(1)];
      sem.release(2);
      tries.push(sem.tryAcquire(1), sem.tryAcquire(1), sem.tryAcquire(1));
      expect(tries).toEqual([true, true, false, true, true, false]);
    }));

  it('TestWeightedAcquire: with a context done, an acquire that would block fails with its error', () =>
    ok(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      const sem = new Semaphore(2);
      expect(await sem.acquire(ctx, 1)).toBeUndefined();
      expect(await sem.acquire(ctx, 1)).toBeUndefined();
      const [tctx, tcancel] = context.withTimeout(ctx, 10);
      expect(await sem.acquire(tctx, 1)).toBe(context.DeadlineExceeded);
      tcancel();
      sem.release(2);
      cancel();
      expect(await sem.acquire(ctx, 1)).toBe(context.Canceled);
    }));

  it('TestWeightedDoesntBlockIfTooBig: a request larger than the size fails at its deadline, holding nobody back', () =>
    ok(async () => {
      const sem = new Semaphore(1);
      const [ctx, cancel] = context.withTimeout(context.background(), 10);
      const big = chan<unknown>(1);
      go(async () => {
        await big.send(await sem.acquire(ctx, 2));
      });
      expect(await sem.acquire(context.background(), 1)).toBeUndefined();
      sem.release(1);
      expect(await big.recv()).toBe(context.DeadlineExceeded);
      cancel();
    }));

  it('TestLargeAcquireDoesntStarve: a large acquire gets in while small ones keep cycling', () =>
    ok(async () => {
      const n = 4;
      const sem = new Semaphore(n);
      let running = true;
      const wg = new WaitGroup();
      await sem.acquire(n);
      for (let i = 0; i < n; i++) {
        wg.go(async () => {
          while (running) {
            await sem.acquire(1);
            await gosched();
            sem.release(1);
          }
        });
      }
      sem.release(n);
      await sem.acquire(n);
      running = false;
      sem.release(n);
      await wg.wait();
    }));

  it('TestAllocCancelDoesntStarve: a canceled Acquire(ctx, 10) at the head lets Acquire(_, 1) in', () =>
    ok(async () => {
      const sem = new Semaphore(10);
      await sem.acquire(1);
      const [ctx, cancel] = context.withCancel(context.background());
      go(() => sem.acquire(ctx, 10));
      // Wait until the Acquire(_, 10) call blocks.
      while (sem.tryAcquire(1)) {
        sem.release(1);
        await gosched();
      }
      go(() => cancel());
      expect(await sem.acquire(context.background(), 1)).toBeUndefined();
      sem.release(1);
      sem.release(1);
    }));
});

describe('Go conformance: x/sync/errgroup', () => {
  it('TestZeroGroup: the first error is returned; later ones are not', () =>
    ok(async () => {
      const err1 = new Error('errgroup_test: 1');
      const err2 = new Error('errgroup_test: 2');
      const cases: [unknown[], unknown][] = [[[], undefined], [[undefined], undefined], [[err1], err1], [[err1, undefined], err1], [[err1, err2], err1]];
      for (const [errs, want] of cases) {
        const g = new ErrGroup();
        let first: unknown;
        for (const e of errs) {
          g.go(() => {
            if (e !== undefined) throw e;
          });
          // As in the Go test: each function finishes before the next starts.
          first ??= e;
          await gosched();
          await sleep(1);
        }
        expect(await g.wait()).toBe(want);
        expect(first).toBe(want);
      }
    }, [0]));

  it('TestWithContext: the first error cancels the context with Canceled', () =>
    ok(async () => {
      const err = new Error('boom');
      const [g, ctx] = ErrGroup.withContext(context.background());
      g.go(() => {
        throw err;
      });
      expect(await g.wait()).toBe(err);
      expect(ctx.err()).toBe(context.Canceled);
    }));

  it('TestGoLimit: never more than the limit at once', () =>
    ok(async () => {
      const limit = 3;
      const g = new ErrGroup();
      g.setLimit(limit);
      let active = 0;
      for (let i = 0; i < 20; i++) {
        g.go(async () => {
          active++;
          expect(active).toBeLessThanOrEqual(limit);
          await sleep(1);
          active--;
        });
      }
      expect(await g.wait()).toBeUndefined();
    }));

  it('TestTryGo: tryGo fails while the group is full, succeeds once a slot is free', () =>
    ok(async () => {
      const g = new ErrGroup();
      g.setLimit(1);
      const release = chan<void>();
      expect(g.tryGo(() => release.recv())).toBe(true);
      expect(g.tryGo(() => {})).toBe(false);
      release.close();
      await g.wait();
      expect(g.tryGo(() => {})).toBe(true);
      await g.wait();
    }));
});
