/**
 * Fair scheduling (runtime/fairness.ts): a goroutine that yields without
 * progress is not chosen ahead of the goroutines it waits on, so spin-waits end
 * under every scheduler, and only true livelocks run on.
 */
import { describe, expect, it } from 'vitest';
import { run, go, gosched, chan, Atomic, sleep, now, type Decision, type Scheduler } from '@interleave/core';
import { SEEDS } from './helpers.ts';
import { plainFieldSpin, pollers } from './support/pollers.ts';

/** The worst scheduler for a spin-wait: always the goroutine that just yielded, if offered, else the lowest id. */
const stubborn: Scheduler = {
  choose(d: Decision): number {
    if (d.kind !== 'goroutine') return 0;
    const i = d.runnable.findIndex((g) => g.id === d.current);
    return i >= 0 ? i : 0;
  },
};

/** Always the highest id offered (main is starved of nothing; the others first). */
const last: Scheduler = { choose: (d) => d.options - 1 };

describe('fair scheduling', () => {
  for (const [name, program] of Object.entries(pollers)) {
    it(`${name}: ends quickly under seeded random runs and adversarial schedulers`, async () => {
      for (const seed of SEEDS) {
        const r = await run(program, { seed });
        expect(r.findings.map((f) => f.message)).toEqual([]);
        expect(r.steps).toBeLessThan(100);
      }
      for (const scheduler of [stubborn, last, { choose: () => 0 }]) {
        const r = await run(program, { scheduler });
        expect(r.findings.map((f) => f.message)).toEqual([]);
        expect(r.steps).toBeLessThan(100);
      }
    });
  }

  it('a poller is deferred until the goroutines runnable before its yield have run', async () => {
    const offered: number[][] = [];
    const spy: Scheduler = {
      choose(d) {
        if (d.kind === 'goroutine') offered.push(d.runnable.map((g) => g.id));
        return stubborn.choose(d);
      },
    };
    const r = await run(pollers['atomic spin-wait with gosched']!, { scheduler: spy });
    expect(r.ok).toBe(true);
    // Once main has polled, it is never offered alone with goroutine 2 waiting since before.
    expect(offered.some((ids) => ids.length === 1)).toBe(false);
  });

  it('a gosched in a loop that polls nothing is a plain scheduling point twice in a row; the third defers it', async () => {
    const runs: string[] = [];
    const program = async (): Promise<void> => {
      const order: string[] = [];
      go(async () => {
        order.push('b');
      });
      for (let i = 0; i < 4; i++) {
        order.push('a');
        await gosched();
      }
      await sleep(1);
      runs.push(order.join(''));
    };
    await run(program, { scheduler: stubborn });
    // Main runs on through two bare yields; at its third in a row it is spinning, and goroutine 2 runs first.
    expect(runs).toEqual(['aaaba']);
  });

  it('a spin on a plain field ends under the stubborn scheduler; two bare yields between steps do not defer', async () => {
    const r = await run(plainFieldSpin, { scheduler: stubborn, maxSteps: 1000 });
    expect(r.ok, r.findings[0]?.message).toBe(true);
    expect(r.steps).toBeLessThan(20);
    // The pair: a goroutine that yields twice between its steps is never deferred, so it finishes first.
    const order: string[] = [];
    const twice = await run(async () => {
      go(async () => { order.push('b'); });
      order.push('a1'); await gosched(); await gosched();
      order.push('a2'); await sleep(1);
    }, { scheduler: stubborn });
    expect(twice.ok).toBe(true);
    expect(order).toEqual(['a1', 'a2', 'b']);
  });

  it('the same loop polling an atomic nobody writes is deferred once a load finds it unwritten', async () => {
    const runs: string[] = [];
    const program = async (): Promise<void> => {
      const order: string[] = [];
      const a = new Atomic(0);
      go(async () => {
        order.push('b');
      });
      for (let i = 0; i < 4; i++) {
        order.push('a');
        await a.load();
      }
      await sleep(1);
      runs.push(order.join(''));
    };
    await run(program, { scheduler: stubborn });
    // The first load saw a new value; the second found it unwritten (a poll), so the
    // third load yields without progress and goroutine 2 runs before it.
    expect(runs).toEqual(['aaaba']);
  });

  it('a true livelock (everyone polls, nothing can change) is reported fast as a step-limit', async () => {
    // "Fast" in steps: no test depends on wall-clock time (the bound took 1.3-2.3 s on a loaded machine).
    const r = await run(async () => {
      const flag = new Atomic(false);
      go(async () => {
        while (!(await flag.load())) await gosched();
      }, 'other poller');
      while (!(await flag.load())) await gosched();
    }, { seed: 3 });
    expect(r.findings.map((f) => f.kind)).toEqual(['step-limit']);
    expect(r.findings[0]!.message).toMatch(/^livelock: goroutines 1, 2 polled 1,000 times in a row without progress/);
    expect(r.steps).toBeLessThan(5000);
  });

  it('a livelock that makes progress forever still runs to maxSteps', async () => {
    const r = await run(async () => {
      const n = new Atomic(0);
      go(async () => {
        for (;;) await n.add(1);
      });
      while (!(await n.compareAndSwap(-1, 0))) await gosched();
    }, { seed: 1, maxSteps: 20_000 });
    expect(r.findings.map((f) => f.kind)).toEqual(['step-limit']);
    expect(r.findings[0]!.message).toMatch(/^step limit reached: 20,000/);
    expect(r.steps).toBe(20_000);
  });

  it('a poller waiting on blocked goroutines is a deadlock, named as such', async () => {
    const r = await run(async () => {
      const flag = new Atomic(false);
      const never = chan<number>();
      go(async () => {
        await never.recv();
        await flag.store(true);
      }, 'stuck setter');
      while (!(await flag.load())) await gosched();
    }, { seed: 2 });
    expect(r.findings.map((f) => f.kind)).toEqual(['deadlock']);
    expect(r.findings[0]!.message).toBe('all goroutines are asleep - deadlock! (goroutine 1 polling)');
    expect(r.findings[0]!.text).toContain('goroutine 2 "stuck setter" [chan receive]');
    expect(r.findings[0]!.text).toContain('goroutine 1 [polling]');
  });

  it('a spin-wait on a sleeping goroutine lets time jump: the poller is idle', async () => {
    const r = await run(async () => {
      const flag = new Atomic(false);
      go(async () => {
        await sleep(250);
        await flag.store(true);
      });
      while (!(await flag.load())) await gosched();
      if (now() !== 250) throw new Error(`now() = ${now()}`);
    }, { seed: 4 });
    expect(r.findings.map((f) => f.message)).toEqual([]);
    expect(r.virtualTimeMs).toBe(250);
  });

  it('same seed, same schedule: fairness keeps runs deterministic', async () => {
    for (const program of Object.values(pollers)) {
      const a = await run(program, { seed: 'x' });
      const b = await run(program, { seed: 'x' });
      expect(b.schedule).toBe(a.schedule);
      expect((await run(program, { replay: a.schedule })).ok).toBe(true);
    }
  });

  it('monitors hear of each yield without progress (a re-read of an unwritten atomic), not of a first look', async () => {
    const yields: string[] = [];
    let last = 0;
    const watcher = { step: (_s: number, g: number) => { last = g; }, yielded: (g: number) => { yields.push(`${g}@${g === last ? 'own step' : 'other'}`); } };
    const r = await run(async () => {
      const x = new Atomic(0, 'x');
      const done = chan<number>();
      go(async () => {
        await x.load();
        await x.load(); // a poll: nobody wrote x since this goroutine read it
        await done.send(await x.load());
      });
      await done.recv();
    }, { scheduler: { choose: () => 0 }, monitors: [watcher] });
    expect(r.ok).toBe(true);
    // The first load is a first look; the second and the third re-read an unwritten x.
    expect(yields).toEqual(['2@own step', '2@own step']);
  });
});
