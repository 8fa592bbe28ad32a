import { describe, expect, it } from 'vitest';
import {
  run, go, gosched, sleep, Mutex, RWMutex, WaitGroup, Once, Cond, Semaphore, ErrGroup, context, Panic, shared, chan,
} from '@interleave/core';
import { kinds, runSeeds } from './helpers.ts';

describe('Mutex', () => {
  it('excludes: never two holders, in any schedule', async () => {
    for (const r of await runSeeds(async () => {
      const mu = new Mutex();
      let inside = 0;
      const wg = new WaitGroup();
      for (let i = 0; i < 4; i++) {
        wg.go(async () => {
          await mu.lock();
          inside++;
          expect(inside).toBe(1);
          await gosched();
          inside--;
          mu.unlock();
        });
      }
      await wg.wait();
    })) expect(r.findings).toEqual([]);
  });

  it('tryLock fails while held; unlock of an unlocked mutex is a fatal error', async () => {
    const r = await run(async () => {
      const mu = new Mutex();
      expect(mu.tryLock()).toBe(true);
      expect(mu.tryLock()).toBe(false);
      mu.unlock();
      mu.unlock();
    });
    expect(r.findings[0]!.message).toBe('fatal error: sync: unlock of unlocked mutex (goroutine 1)');
  });

  it('a fatal error cannot be caught: the run ends with it; a panic (close of a closed channel) can be recovered', async () => {
    let after = false;
    const fatal = await run(async () => {
      const mu = new Mutex();
      try {
        mu.unlock();
      } catch {
        // Go's recover cannot stop a fatal error either.
      }
      await sleep(1);
      after = true;
    });
    expect([fatal.findings.map((f) => f.message), after]).toEqual([['fatal error: sync: unlock of unlocked mutex (goroutine 1)'], false]);
    const recovered = await run(async () => {
      const ch = chan<void>();
      ch.close();
      try {
        ch.close();
      } catch {
        // recovered
      }
      await sleep(1);
    });
    expect(recovered.findings).toEqual([]);
  });

  it('RWMutex: Unlock and RUnlock of an unlocked RWMutex are fatal errors', async () => {
    const w = await run(() => new RWMutex().unlock());
    const r = await run(() => new RWMutex().rUnlock());
    expect([...w.findings, ...r.findings].map((f) => f.message)).toEqual([
      'fatal error: sync: Unlock of unlocked RWMutex (goroutine 1)',
      'fatal error: sync: RUnlock of unlocked RWMutex (goroutine 1)',
    ]);
  });

  /**
   * Main holds the lock while goroutine 2 queues for `waitMs`, then unlocks and locks
   * again `rounds` times without time passing, yielding while it holds the lock. Per seed: how many rounds main got
   * before goroutine 2, and how often goroutine 2 parked on the lock (its first wait
   * plus each time it was woken and found the lock taken by main).
   */
  async function barging(waitMs: number, rounds: number): Promise<{ ahead: Set<number>; parks: Set<number> }> {
    const ahead = new Set<number>();
    const parks = new Set<number>();
    for (let seed = 0; seed < 24; seed++) {
      let parked = 0;
      const r = await run(async () => {
        const mu = new Mutex();
        const done = chan<void>();
        let mainRounds = 0;
        let waiterIn = false;
        await mu.lock();
        go(async () => {
          await mu.lock();
          waiterIn = true;
          mu.unlock();
          done.close();
        });
        await sleep(waitMs);
        for (let i = 0; i < rounds; i++) {
          mu.unlock();
          await mu.lock();
          if (!waiterIn) mainRounds++;
          await gosched(); // holding the lock: the woken waiter may run and find it taken
        }
        mu.unlock();
        await done.recv();
        ahead.add(mainRounds);
      }, { seed, monitors: [{ block: (e) => { if (e.goroutine === 2 && e.reason === 'sync.Mutex.Lock') parked++; } }] });
      expect(r.findings).toEqual([]);
      parks.add(parked);
    }
    return { ahead, parks };
  }

  it('normal mode: a newcomer may barge in ahead of the woken waiter, again and again, as a scheduler decision', async () => {
    const { ahead, parks } = await barging(0.5, 3);
    expect(ahead.has(0) && ahead.has(3)).toBe(true);
    expect(Math.max(...parks)).toBeGreaterThan(2);
  });

  it('starvation mode: a waiter that waited over 1 ms and lost once gets the lock handed over at the next unlock', async () => {
    const { ahead, parks } = await barging(2, 3);
    expect(ahead.has(1)).toBe(true);
    expect(Math.max(...parks)).toBe(2);
  });

  it('Semaphore.acquire(ctx, k): a canceled wait returns the context\'s error and lets a later acquire in; uncanceled, it acquires', async () => {
    const r = await run(async () => {
      const sem = new Semaphore(2);
      await sem.acquire(1);
      const [ctx, cancel] = context.withCancel(context.background());
      const big = chan<unknown>(1);
      go(async () => {
        await big.send(await sem.acquire(ctx, 2));
      });
      await sleep(1);
      cancel();
      expect(await big.recv()).toBe(context.Canceled);
      expect(await sem.acquire(context.background(), 1)).toBeUndefined();
      sem.release(2);
      const [live] = context.withCancel(context.background());
      expect(await sem.acquire(live, 2)).toBeUndefined();
      expect(sem.held).toBe(2);
    });
    expect(r.findings).toEqual([]);
  });

  it('locking twice in one goroutine deadlocks with wait reason sync.Mutex.Lock', async () => {
    const r = await run(async () => {
      const mu = new Mutex();
      await mu.lock();
      await mu.lock();
    });
    expect(kinds(r)).toEqual(['deadlock']);
    expect(r.findings[0]!.text).toContain('goroutine 1 [sync.Mutex.Lock]');
  });
});

describe('RWMutex', () => {
  it('readers share, a writer excludes everyone', async () => {
    for (const r of await runSeeds(async () => {
      const rw = new RWMutex();
      let readers = 0;
      let writers = 0;
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await rw.rLock();
          readers++;
          expect(writers).toBe(0);
          await gosched();
          readers--;
          rw.rUnlock();
        });
        wg.go(async () => {
          await rw.lock();
          writers++;
          expect([readers, writers]).toEqual([0, 1]);
          await gosched();
          writers--;
          rw.unlock();
        });
      }
      await wg.wait();
    })) expect(r.findings).toEqual([]);
  });

  it('a waiting writer stops new readers, so a recursive read lock deadlocks (as in Go)', async () => {
    const r = await run(async () => {
      const rw = new RWMutex();
      await rw.rLock();
      go(async () => {
        await rw.lock();
      }, 'writer');
      await sleep(1);
      await rw.rLock();
    });
    expect(kinds(r)).toEqual(['deadlock']);
    expect(r.findings[0]!.text).toContain('goroutine 1 [sync.RWMutex.RLock]');
    expect(r.findings[0]!.text).toContain('goroutine 2 "writer" [sync.RWMutex.Lock]');
  });

  it('RUnlock and Unlock of an unlocked RWMutex panic with Go\'s words', async () => {
    const a = await run(() => new RWMutex().rUnlock());
    const b = await run(() => new RWMutex().unlock());
    expect(a.findings[0]!.message).toContain('sync: RUnlock of unlocked RWMutex');
    expect(b.findings[0]!.message).toContain('sync: Unlock of unlocked RWMutex');
  });
});

describe('WaitGroup', () => {
  it('wait returns only after every done', async () => {
    for (const r of await runSeeds(async () => {
      const wg = new WaitGroup();
      let done = 0;
      for (let i = 0; i < 5; i++) {
        wg.add(1);
        go(async () => {
          await gosched();
          done++;
          wg.done();
        });
      }
      await wg.wait();
      expect(done).toBe(5);
    })) expect(r.findings).toEqual([]);
  });

  it('a negative counter panics', async () => {
    const r = await run(() => new WaitGroup().done());
    expect(r.findings[0]!.message).toBe('panic: sync: negative WaitGroup counter (goroutine 1)');
  });
});

describe('Once', () => {
  it('runs once; a second caller waits until the first call finished', async () => {
    for (const r of await runSeeds(async () => {
      const once = new Once();
      let calls = 0;
      let finished = false;
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await once.do(async () => {
            calls++;
            await sleep(10);
            finished = true;
          });
          expect(finished).toBe(true);
        });
      }
      await wg.wait();
      expect(calls).toBe(1);
    })) expect(r.findings).toEqual([]);
  });
});

describe('Cond', () => {
  it('signal wakes one waiter, broadcast all; a signal after wait was called is never lost', async () => {
    for (const r of await runSeeds(async () => {
      const mu = new Mutex();
      const cond = new Cond(mu);
      const queue = shared<number[]>([]);
      const wg = new WaitGroup();
      let got = 0;
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          await mu.lock();
          while (queue.value.length === 0) await cond.wait();
          queue.value.pop();
          got++;
          mu.unlock();
        });
      }
      for (let i = 0; i < 3; i++) {
        await mu.lock();
        queue.value.push(i);
        mu.unlock();
        cond.signal();
      }
      await wg.wait();
      expect(got).toBe(3);
    })) expect(r.findings).toEqual([]);
  });
});

describe('Semaphore', () => {
  it('never lets more than its size in, and serves waiters first come first served', async () => {
    for (const r of await runSeeds(async () => {
      const sem = new Semaphore(3);
      let held = 0;
      const wg = new WaitGroup();
      for (const k of [2, 1, 3, 1, 2]) {
        wg.go(async () => {
          await sem.acquire(k);
          held += k;
          expect(held).toBeLessThanOrEqual(3);
          await gosched();
          held -= k;
          sem.release(k);
        });
      }
      await wg.wait();
      expect(sem.tryAcquire(3)).toBe(true);
      expect(sem.tryAcquire(1)).toBe(false);
    })) expect(r.findings).toEqual([]);
  });

  it('releasing more than held panics', async () => {
    const r = await run(() => new Semaphore(1).release());
    expect(r.findings[0]!.message).toContain('semaphore: released more than held');
  });
});

describe('ErrGroup', () => {
  it('the first error wins and cancels the derived context', async () => {
    for (const r of await runSeeds(async () => {
      const [g, ctx] = ErrGroup.withContext(context.background());
      g.go(async () => {
        await sleep(5);
        throw new Error('first');
      });
      g.go(async () => {
        await sleep(10);
        throw new Error('second');
      });
      g.go(async () => {
        await ctx.done().recv();
      });
      const err = await g.wait();
      expect((err as Error).message).toBe('first');
      expect(ctx.err()).toBe(context.Canceled);
    })) expect(r.findings).toEqual([]);
  });

  it('setLimit bounds how many functions run at once', async () => {
    for (const r of await runSeeds(async () => {
      const g = new ErrGroup();
      g.setLimit(2);
      let running = 0;
      let peak = 0;
      for (let i = 0; i < 6; i++) {
        g.go(async () => {
          running++;
          peak = Math.max(peak, running);
          await sleep(1);
          running--;
        });
      }
      expect(await g.wait()).toBeUndefined();
      expect(peak).toBe(2);
    })) expect(r.findings).toEqual([]);
  });

  it('a Panic inside a group function is a panic, not an error', async () => {
    const r = await run(async () => {
      const g = new ErrGroup();
      g.go(() => {
        throw new Panic('boom');
      });
      await g.wait();
    });
    expect(kinds(r)).toEqual(['panic']);
  });
});
