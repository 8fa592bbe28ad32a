/**
 * Virtual time that moves while goroutines work, without losing exact time:
 * long sleeps end at exactly their sum (time jumps only when every goroutine is
 * blocked or idle), a poller counts as idle, and a timer due within
 * `timerWindowMs` may fire mid-loop as a `timer` decision.
 */
import { describe, expect, it } from 'vitest';
import { run, go, gosched, sleep, now, afterFunc, Ticker, Atomic, WaitGroup, Mutex, decodeSchedule, select, recv, otherwise, type Program } from '@interleave/core';
import { SEEDS } from './helpers.ts';

/** Retries a call that fails twice, backing off 200, 400, then 800 ms. */
const retryWithBackoff: Program = async () => {
  let calls = 0;
  const call = async (): Promise<boolean> => {
    calls++;
    await gosched();
    return calls > 3;
  };
  let backoff = 200;
  while (!(await call())) {
    await sleep(backoff);
    backoff *= 2;
  }
  if (now() !== 1400) throw new Error(`done at ${now()} ms`);
};

/** A loop of 20 plain scheduling points; panics if `fn`'s timer fired during it. */
function loopWithTimer(ms: number): Program {
  return async () => {
    let fired = false;
    afterFunc(ms, () => {
      fired = true;
    });
    for (let i = 0; i < 20; i++) {
      await gosched();
      if (fired) throw new Error(`the timer fired mid-loop, at iteration ${i}`);
    }
  };
}

describe('exact virtual time', () => {
  it('100 goroutines that each sleep 100 ms finish at exactly 100 ms in every seed', async () => {
    for (const seed of SEEDS) {
      const r = await run(async () => {
        const wg = new WaitGroup();
        for (let i = 0; i < 100; i++) wg.go(() => sleep(100));
        await wg.wait();
      }, { seed });
      expect([r.ok, r.virtualTimeMs]).toEqual([true, 100]);
    }
  });

  it('a retry with 200 + 400 + 800 ms of backoff ends at exactly 1,400 ms', async () => {
    for (const seed of SEEDS) {
      const r = await run(retryWithBackoff, { seed });
      expect([r.findings.map((f) => f.message), r.virtualTimeMs]).toEqual([[], 1400]);
    }
  });

  it('sleeps stay exact while other goroutines keep running (timers past the window wait)', async () => {
    for (const seed of SEEDS) {
      const r = await run(async () => {
        const stop = new Atomic(false);
        go(async () => {
          while (!(await stop.load())) await gosched();
        });
        go(async () => {
          for (let i = 0; i < 50; i++) await gosched();
        });
        await sleep(30);
        const at = now();
        await stop.store(true);
        if (at !== 30) throw new Error(`woke at ${at}`);
      }, { seed });
      expect([r.findings.map((f) => f.message), r.virtualTimeMs]).toEqual([[], 30]);
    }
  });
});

describe('idle pollers let time move', () => {
  it('a tryLock poller waiting on a lock held across a sleep ends when the sleep does', async () => {
    const r = await run(async () => {
      const mu = new Mutex();
      await mu.lock();
      go(async () => {
        await sleep(75);
        mu.unlock();
      });
      while (!mu.tryLock()) await gosched();
      if (now() !== 75) throw new Error(`locked at ${now()}`);
    }, { seed: 5 });
    expect([r.findings.map((f) => f.message), r.virtualTimeMs]).toEqual([[], 75]);
  });

  it('a poller beside a goroutine that works does not move time (it is not idle while others run)', async () => {
    const r = await run(async () => {
      const flag = new Atomic(false);
      go(async () => {
        for (let i = 0; i < 10; i++) await gosched();
        await flag.store(true);
      });
      go(async () => {
        await sleep(500);
      });
      while (!(await flag.load())) await gosched();
      if (now() !== 0) throw new Error(`flag seen at ${now()}`);
    }, { seed: 6 });
    // The run's time is main's return (the sleeper then finishes during the drain).
    expect([r.findings.map((f) => f.message), r.virtualTimeMs]).toEqual([[], 0]);
  });
});

describe('timers within the window fire mid-loop, as a decision', () => {
  it('a 1 ns timer fires during a busy loop in some seeds (must report)', async () => {
    const fired = [];
    for (let seed = 0; seed < 16; seed++) {
      const r = await run(loopWithTimer(1e-6), { seed });
      if (!r.ok) fired.push(r.findings[0]!.message);
    }
    expect(fired.length).toBeGreaterThan(0);
    expect(fired[0]).toMatch(/the timer fired mid-loop/);
  });

  it('the same loop with the timer 5 ms ahead, or with timerWindowMs: 0, never sees it (must not report)', async () => {
    for (let seed = 0; seed < 16; seed++) {
      expect((await run(loopWithTimer(5), { seed })).ok).toBe(true);
      expect((await run(loopWithTimer(1e-6), { seed, timerWindowMs: 0 })).ok).toBe(true);
    }
  });

  it('the early firing is a timer decision of 2 options, and replays', async () => {
    let found: string | undefined;
    for (let seed = 0; seed < 16 && found === undefined; seed++) {
      const r = await run(loopWithTimer(1e-6), { seed });
      if (!r.ok) found = r.schedule;
    }
    expect(found).toBeDefined();
    expect(decodeSchedule(found!).some((e) => e.kind === 'timer' && e.options === 2 && e.choice === 1)).toBe(true);
    const again = await run(loopWithTimer(1e-6), { replay: found! });
    expect(again.findings.map((f) => f.kind)).toEqual(['panic']);
  });

  it('a 1 ns Ticker ticks while goroutines run, and time advances by its period each tick', async () => {
    const r = await run(async () => {
      const t = new Ticker(1e-6);
      let ticks = 0;
      for (let i = 0; i < 200; i++) {
        await gosched();
        // Go 1.23: a timer channel's length is 0; a non-blocking receive sees a tick.
        if (await select(recv(t.c, () => true), otherwise(() => false))) ticks++;
      }
      t.stop();
      if (ticks === 0) throw new Error('no tick');
      if (now() > 1) throw new Error(`now() = ${now()}`);
    }, { seed: 9 });
    expect(r.findings.map((f) => f.message)).toEqual([]);
    expect(r.virtualTimeMs).toBeGreaterThan(0);
  });
});
