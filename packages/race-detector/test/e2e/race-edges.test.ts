/**
 * Every happens-before edge, end to end: a real program whose accesses the edge
 * orders (no race in any schedule tried) and the minimal change without it (a race
 * in every schedule tried: happens-before does not need the race to manifest).
 */
import {
  afterFunc, Atomic, chan, Cond, context, ErrGroup, go, gosched, Mutex, Once, RWMutex, Semaphore, shared, sleep, Ticker, Timer, WaitGroup,
  type Program,
} from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { findingsPerSeed, runsWith, SEEDS } from './harness.ts';

/** Two goroutines increment `x` between `sem <- v` and `<-sem` on a channel of capacity `cap`. */
function channelSemaphore(cap: number): Program {
  return async () => {
    const x = shared(0, 'x');
    const sem = chan<void>(cap);
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) {
      wg.add(1);
      go(async () => {
        await sem.send();
        x.value = x.value + 1;
        await sem.recv();
        wg.done();
      });
    }
    await wg.wait();
  };
}

interface ProgramPair {
  edge: string;
  ordered: Program;
  racy: Program;
}

const pairs: ProgramPair[] = [
  {
    edge: 'go statement before the goroutine starts',
    ordered: async () => {
      const x = shared(0, 'x');
      const done = chan<void>();
      x.value = 1;
      go(async () => {
        void x.value;
        await done.send();
      });
      await done.recv();
    },
    racy: async () => {
      const x = shared(0, 'x');
      const done = chan<void>();
      go(async () => {
        void x.value;
        await done.send();
      });
      x.value = 1;
      await done.recv();
    },
  },
  {
    edge: 'unbuffered send before the receive completes',
    ordered: async () => {
      const x = shared(0, 'x');
      const ch = chan<number>();
      go(async () => {
        x.value = 1;
        await ch.send(0);
      });
      await ch.recv();
      void x.value;
    },
    racy: async () => {
      const x = shared(0, 'x');
      const ch = chan<number>();
      go(async () => {
        await ch.send(0);
        x.value = 1;
      });
      await ch.recv();
      await sleep(1);
      void x.value;
    },
  },
  {
    edge: 'unbuffered receive before the send completes',
    ordered: async () => {
      const x = shared(0, 'x');
      const ch = chan<number>();
      const done = chan<void>();
      go(async () => {
        await ch.send(0);
        void x.value;
        done.close();
      });
      x.value = 1;
      await ch.recv();
      await done.recv();
    },
    racy: async () => {
      const x = shared(0, 'x');
      const ch = chan<number>(1); // buffered: the send completes without the receive
      const done = chan<void>();
      go(async () => {
        await ch.send(0);
        void x.value;
        done.close();
      });
      x.value = 1;
      await ch.recv();
      await done.recv();
    },
  },
  {
    edge: 'buffered: k-th send before the k-th receive completes',
    ordered: async () => {
      const x = shared(0, 'x');
      const ch = chan<number>(2);
      go(async () => {
        await ch.send(0);
        x.value = 1;
        await ch.send(1);
      });
      await ch.recv();
      await ch.recv();
      void x.value;
    },
    racy: async () => {
      const x = shared(0, 'x');
      const ch = chan<number>(2);
      go(async () => {
        await ch.send(0);
        await ch.send(1);
        x.value = 1;
      });
      await ch.recv();
      await ch.recv();
      await sleep(1);
      void x.value;
    },
  },
  {
    edge: 'buffered: k-th receive before the (k+C)-th send completes (a channel as a semaphore)',
    ordered: channelSemaphore(1),
    racy: channelSemaphore(2), // two goroutines inside at once
  },
  {
    edge: 'close before a receive that observes it',
    ordered: async () => {
      const x = shared(0, 'x');
      const ch = chan<void>();
      go(() => {
        x.value = 1;
        ch.close();
      });
      await ch.recv();
      void x.value;
    },
    racy: async () => {
      const x = shared(0, 'x');
      const ch = chan<void>();
      go(() => {
        ch.close();
        x.value = 1;
      });
      await ch.recv();
      await sleep(1);
      void x.value;
    },
  },
  {
    edge: 'Mutex: unlock before the next lock',
    ordered: async () => {
      const x = shared(0, 'x');
      const mu = new Mutex();
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        go(async () => {
          await mu.lock();
          x.value = x.value + 1;
          mu.unlock();
          wg.done();
        });
      }
      await wg.wait();
    },
    racy: async () => {
      const x = shared(0, 'x');
      const mu = new Mutex();
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        const locks = i === 0;
        go(async () => {
          if (locks) await mu.lock();
          x.value = x.value + 1;
          if (locks) mu.unlock();
          wg.done();
        });
      }
      await wg.wait();
    },
  },
  {
    edge: 'RWMutex: RUnlock before the next Lock',
    ordered: async () => {
      const x = shared(0, 'x');
      const rw = new RWMutex();
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await rw.rLock();
        void x.value;
        rw.rUnlock();
        wg.done();
      });
      await rw.lock();
      x.value = 1;
      rw.unlock();
      await wg.wait();
    },
    racy: async () => {
      const x = shared(0, 'x');
      const rw = new RWMutex();
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await rw.rLock();
        void x.value;
        rw.rUnlock();
        wg.done();
      });
      await rw.rLock(); // writes under a read lock
      x.value = 1;
      rw.rUnlock();
      await wg.wait();
    },
  },
  {
    edge: 'RWMutex: Unlock before the next RLock',
    ordered: async () => {
      const x = shared(0, 'x');
      const rw = new RWMutex();
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await rw.lock();
        x.value = 1;
        rw.unlock();
        wg.done();
      });
      await rw.rLock();
      void x.value;
      rw.rUnlock();
      await wg.wait();
    },
    racy: async () => {
      const x = shared(0, 'x');
      const rw = new RWMutex();
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await rw.rLock();
        x.value = 1;
        rw.rUnlock();
        wg.done();
      });
      await rw.rLock();
      void x.value;
      rw.rUnlock();
      await wg.wait();
    },
  },
  {
    edge: 'RWMutex: Unlock before the next Lock',
    ordered: async () => {
      const x = shared(0, 'x');
      const rw = new RWMutex();
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        await rw.lock();
        x.value = 1;
        rw.unlock();
        wg.done();
      });
      await rw.lock();
      x.value = 2;
      rw.unlock();
      await wg.wait();
    },
    racy: async () => {
      const x = shared(0, 'x');
      const rw = new RWMutex();
      const wg = new WaitGroup();
      wg.add(1);
      go(() => {
        x.value = 1; // without the lock
        wg.done();
      });
      await rw.lock();
      x.value = 2;
      rw.unlock();
      await wg.wait();
    },
  },
  {
    edge: 'WaitGroup: done before the wait it releases',
    ordered: async () => {
      const x = shared(0, 'x');
      const wg = new WaitGroup();
      wg.add(1);
      go(() => {
        x.value = 1;
        wg.done();
      });
      await wg.wait();
      void x.value;
    },
    racy: async () => {
      const x = shared(0, 'x');
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        wg.done();
        await gosched();
        x.value = 1;
      });
      await wg.wait();
      await sleep(1);
      void x.value;
    },
  },
  {
    edge: 'Once: the function before any do returns',
    ordered: async () => {
      const config = shared(0, 'config');
      const once = new Once();
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        go(async () => {
          await once.do(() => {
            config.value = 42;
          });
          void config.value;
          wg.done();
        });
      }
      await wg.wait();
    },
    racy: async () => {
      const config = shared(0, 'config');
      const once = new Once();
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        const first = i === 0;
        go(async () => {
          await once.do(() => undefined);
          if (first) config.value = 42; // after do, outside the function
          else void config.value;
          wg.done();
        });
      }
      await wg.wait();
    },
  },
  {
    edge: 'Cond: through its lock',
    ordered: async () => {
      const ready = shared(false, 'ready');
      const mu = new Mutex();
      const cond = new Cond(mu);
      go(async () => {
        await mu.lock();
        ready.value = true;
        cond.signal();
        mu.unlock();
      });
      await mu.lock();
      while (!ready.value) await cond.wait();
      mu.unlock();
    },
    racy: async () => {
      const ready = shared(false, 'ready');
      const mu = new Mutex();
      const cond = new Cond(mu);
      go(() => {
        ready.value = true; // without the lock
        cond.signal();
      });
      await mu.lock();
      while (!ready.value) await cond.wait();
      mu.unlock();
    },
  },
  {
    edge: 'atomics: a store before the load that observes it',
    ordered: async () => {
      const data = shared(0, 'data');
      const flag = new Atomic(0);
      go(async () => {
        data.value = 1;
        await flag.store(1);
      });
      while ((await flag.load()) === 0) await gosched();
      void data.value;
    },
    racy: async () => {
      const data = shared(0, 'data');
      const flag = new Atomic(0);
      go(async () => {
        await flag.store(1);
        data.value = 1;
      });
      while ((await flag.load()) === 0) await gosched();
      await sleep(1);
      void data.value;
    },
  },
  {
    edge: 'context: cancel before done() observed closed',
    ordered: async () => {
      const result = shared(0, 'result');
      const [ctx, cancel] = context.withCancel(context.background());
      go(() => {
        result.value = 1;
        cancel();
      });
      await ctx.done().recv();
      void result.value;
    },
    racy: async () => {
      const result = shared(0, 'result');
      const [ctx, cancel] = context.withCancel(context.background());
      go(() => {
        cancel();
        result.value = 1;
      });
      await ctx.done().recv();
      await sleep(1);
      void result.value;
    },
  },
  {
    edge: 'context: cancel before the err() that observes it (Go\'s Err takes the context\'s lock)',
    ordered: async () => {
      const x = shared(0, 'x');
      const [ctx, cancel] = context.withCancel(context.background());
      go(() => {
        x.value = 1;
        cancel();
      });
      while (ctx.err() === undefined) await gosched();
      void x.value;
    },
    racy: async () => {
      const x = shared(0, 'x');
      const [ctx, cancel] = context.withCancel(context.background());
      go(() => {
        cancel();
        x.value = 1;
      });
      while (ctx.err() === undefined) await gosched();
      void x.value;
    },
  },
  {
    edge: 'mixed atomics: an atomic add before the plain access that a channel orders after it',
    ordered: async () => {
      const n = new Atomic(0, 'n');
      const done = chan<void>();
      go(async () => {
        await n.add(1);
        await done.send();
      });
      await done.recv();
      n.plain = 0;
    },
    racy: async () => {
      const n = new Atomic(0, 'n');
      const done = chan<void>();
      go(async () => {
        await n.add(1);
        await done.send();
      });
      n.plain = 0; // Go: atomic.AddInt32(&n, 1) in one goroutine, n = 0 in another
      await done.recv();
    },
  },
  {
    edge: 'ErrGroup: the functions before wait returns',
    ordered: async () => {
      const results = [shared(0, 'results[0]'), shared(0, 'results[1]')];
      const g = new ErrGroup();
      for (const r of results) {
        g.go(() => {
          r.value = 1;
        });
      }
      await g.wait();
      for (const r of results) void r.value;
    },
    racy: async () => {
      const results = [shared(0, 'results[0]'), shared(0, 'results[1]')];
      const g = new ErrGroup();
      for (const r of results) {
        g.go(() => {
          r.value = 1;
        });
      }
      void results[1]?.value; // before wait
      await g.wait();
    },
  },
  {
    edge: 'afterFunc: the call before the callback runs (Go\'s TestAfterFunc)',
    ordered: async () => {
      const x = shared(0, 'x');
      const done = chan<void>();
      x.value = 1;
      afterFunc(5, async () => {
        void x.value;
        await done.send();
      });
      await done.recv();
    },
    racy: async () => {
      const x = shared(0, 'x');
      const done = chan<void>();
      afterFunc(5, async () => {
        void x.value;
        await done.send();
      });
      x.value = 1; // after the call: the callback does not see it
      await done.recv();
    },
  },
  {
    edge: 'Timer.reset: the call before the receive of the timer\'s value',
    ordered: async () => {
      const x = shared(0, 'x');
      const t = new Timer(1_000_000);
      go(() => {
        x.value = 1;
        t.reset(5);
      });
      await t.c.recv();
      void x.value;
    },
    racy: async () => {
      const x = shared(0, 'x');
      const t = new Timer(1_000_000);
      go(() => {
        t.reset(5);
        x.value = 1;
      });
      await t.c.recv();
      void x.value;
    },
  },
  {
    edge: 'Ticker.reset: the call before the receive of a tick',
    ordered: async () => {
      const x = shared(0, 'x');
      const t = new Ticker(1_000_000);
      go(() => {
        x.value = 1;
        t.reset(5);
      });
      await t.c.recv();
      t.stop();
      void x.value;
    },
    racy: async () => {
      const x = shared(0, 'x');
      const t = new Ticker(1_000_000);
      go(() => {
        t.reset(5);
        x.value = 1;
      });
      await t.c.recv();
      t.stop();
      void x.value;
    },
  },
  {
    edge: 'Semaphore: release before the acquire it enables',
    ordered: async () => {
      const x = shared(0, 'x');
      const sem = new Semaphore(1);
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        go(async () => {
          await sem.acquire();
          x.value = x.value + 1;
          sem.release();
          wg.done();
        });
      }
      await wg.wait();
    },
    racy: async () => {
      const x = shared(0, 'x');
      const sem = new Semaphore(1);
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        const acquires = i === 0;
        go(async () => {
          if (acquires) await sem.acquire();
          x.value = x.value + 1;
          if (acquires) sem.release();
          wg.done();
        });
      }
      await wg.wait();
    },
  },
];

describe('happens-before edges, end to end', () => {
  for (const p of pairs) {
    describe(p.edge, () => {
      it('no race in any schedule', async () => {
        const per = await findingsPerSeed(p.ordered, 'race');
        expect(per.flat().map((f) => f.message)).toEqual([]);
      });
      it('without the edge: a race in every schedule', async () => {
        const per = await findingsPerSeed(p.racy, 'race');
        expect(runsWith(per)).toBe(SEEDS.length);
      });
    });
  }
});

describe('no edge, end to end', () => {
  it('sleep and a goroutine ending order nothing; a channel does', async () => {
    const viaSleep: Program = async () => {
      const x = shared(0, 'x');
      go(() => {
        x.value = 1;
      });
      await sleep(10);
      void x.value;
    };
    expect(runsWith(await findingsPerSeed(viaSleep, 'race'))).toBe(SEEDS.length);
    const viaChannel: Program = async () => {
      const x = shared(0, 'x');
      const done = chan<void>();
      go(async () => {
        x.value = 1;
        await done.send();
      });
      await done.recv();
      void x.value;
    };
    expect((await findingsPerSeed(viaChannel, 'race')).flat()).toEqual([]);
  });
});

describe('a semaphore of weight 2, end to end', () => {
  it('lets two goroutines in at once: their accesses race in every schedule', async () => {
    const program: Program = async () => {
      const x = shared(0, 'x');
      const sem = new Semaphore(2);
      const inside = new Atomic(0);
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.add(1);
        go(async () => {
          await sem.acquire();
          await inside.add(1);
          while ((await inside.load()) < 2) await gosched(); // both hold a permit now
          x.value = x.value + 1;
          sem.release();
          wg.done();
        });
      }
      await wg.wait();
    };
    expect(runsWith(await findingsPerSeed(program, 'race'))).toBe(SEEDS.length);
  });
});
