/**
 * The explorer's per-run recording stays small however long the run: decisions
 * are packed (five integers each), a traced run keeps at most MAX_TRACED_STEPS
 * steps (and the exhaustive search then never calls its space covered), the
 * report's step log keeps the last steps only, and shrinking spends a bounded
 * number of steps. `pnpm bench explorer-memory` measures the bytes per step.
 */
import { Atomic, WaitGroup, go, gosched, run, type Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { coreEngine, explore, shrinkSchedule } from '../src/index.ts';
import { formatInterleaving, SHOWN_STEPS, StepLog } from '../src/report.ts';
import { measure } from '../src/shrink.ts';
import { DecisionLog } from '../src/trace/decision-log.ts';
import { MAX_TRACED_STEPS, Recorder } from '../src/trace/recorder.ts';
import { randomScheduler } from '../src/strategies/random.ts';

/** Main yields `n` times next to a goroutine that yields as long as it lives: every step is a decision. */
function yields(n: number): Program {
  return async () => {
    let stop = false;
    go(async () => { while (!stop) await gosched(); });
    for (let i = 0; i < n; i++) await gosched();
    stop = true;
  };
}

describe('DecisionLog', () => {
  it('packs decisions and grows; reads them back as records', () => {
    const log = new DecisionLog();
    for (let i = 0; i < 1000; i++) {
      const k = log.push(i % 2 === 0 ? 'goroutine' : 'select', 3, i % 3, 1 + (i % 2), i % 4 === 0, i);
      log.setGid(k, i % 4 === 0 ? 2 : 0);
    }
    expect(log.length).toBe(1000);
    expect(log.record(4)).toEqual({ index: 4, kind: 'goroutine', options: 3, choice: 1, gid: 2, current: 1, currentRunnable: true, step: 4 });
    expect(log.record(5)).toMatchObject({ kind: 'select', choice: 2, current: 2, currentRunnable: false });
    expect(log.preemptions()).toBe(250);
    expect([...log.preemptingSteps()].slice(0, 3)).toEqual([0, 4, 8]);
    expect(log.answers().slice(0, 4)).toEqual([0, 1, 2, 0]);
    expect(log.choiceSum()).toBe(Array.from({ length: 500 }, (_, j) => (2 * j + 1) % 3).reduce((a, b) => a + b, 0));
  });

  it("is what the recorder keeps, and its `decisions` are the same records", async () => {
    const rec = new Recorder();
    await run(yields(50), { scheduler: rec.wrap(randomScheduler('7')), monitors: [rec] });
    expect(rec.decisions).toHaveLength(rec.log.length);
    expect(rec.decisions.map((d) => d.choice)).toEqual(rec.log.answers());
    expect(rec.decisions.filter((d) => d.currentRunnable && d.gid !== d.current)).toHaveLength(rec.preemptions());
  });
});

describe('a traced run keeps at most MAX_TRACED_STEPS steps', () => {
  it('past it, steps are not kept, and the run says it was cut', async () => {
    const rec = new Recorder({ trace: true });
    // Two goroutines counting on one atomic: a goroutine decision at every step (bare yields in a row would be a spin, taken in turns).
    const counting = (n: number): Program => async () => {
      const a = new Atomic(0);
      let stop = false;
      go(async () => { while (!stop) await a.add(1); });
      for (let i = 0; i < n; i++) await a.add(1);
      stop = true;
    };
    await run(counting(MAX_TRACED_STEPS + 500), { scheduler: rec.wrap({ choose: () => 0 }), monitors: [rec], maxSteps: 2 * MAX_TRACED_STEPS });
    expect(rec.steps).toHaveLength(MAX_TRACED_STEPS);
    expect(rec.traceCut).toBe(true);
    expect(rec.log.length).toBeGreaterThan(MAX_TRACED_STEPS);
  });

  it('so the exhaustive search never calls a space with such runs covered', async () => {
    // Adds to an atomic of each goroutine's own are independent under 'objects': a handful of
    // classes. (The `stop` flag is plain state, so the claim is the test's, to keep the space
    // small: what is checked here is that a cut trace is never called covered. Bare yields
    // would be a spin, which the fairness rule makes dependent on every step.)
    const counts = (n: number): Program => async () => {
      const mine = new Atomic(0);
      const its = new Atomic(0);
      let stop = false;
      go(async () => { while (!stop) await its.add(1); });
      for (let i = 0; i < n; i++) await mine.add(1);
      stop = true;
    };
    const short = await explore(counts(100), { strategy: 'exhaustive', schedules: 10, sharedState: 'objects' });
    expect(short).toMatchObject({ ok: true, exhausted: true });
    const long = await explore(counts(MAX_TRACED_STEPS + 10), { strategy: 'exhaustive', schedules: 10, maxSteps: 3 * MAX_TRACED_STEPS, sharedState: 'objects' });
    expect(long).toMatchObject({ ok: true, exhausted: false });
  });
});

describe('the step log of a report keeps the last steps', () => {
  it('numbers them as the run did', async () => {
    const log = new StepLog();
    await run(yields(200), { seed: 1, monitors: [log] });
    expect(log.total).toBeGreaterThan(200);
    const kept = log.recent();
    expect(kept).toHaveLength(SHOWN_STEPS);
    expect(kept.map((k) => k.index)).toEqual(Array.from({ length: SHOWN_STEPS }, (_, i) => log.total - SHOWN_STEPS + i));
    const text = formatInterleaving(log, new Set([kept[1]!.index]), 1);
    expect(text.split('\n')[0]).toBe(`interleaving: ${log.total} steps, 1 preemption (* marks it), last ${SHOWN_STEPS} shown`);
    expect(text.split('\n')[2]).toMatch(new RegExp(`^ +${kept[1]!.index + 1} \\* g\\d`));
  });

  it('lines up the operations of goroutines whose names are longer than the column, and says where a timer callback was armed', async () => {
    const log = new StepLog();
    await run(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      setImmediate(() => wg.done());
      await wg.wait();
    }, { seed: 1, monitors: [log], locations: true });
    const rows = formatInterleaving(log, new Set(), 0).split('\n').slice(1);
    const callback = rows.find((r) => r.includes('g2 setImmediate callback'));
    expect(callback).toMatch(/ start +packages\/explorer\/test\/recording\.test\.ts:\d+:\d+ \(armed\)$/);
    const column = (r: string): number => r.search(/ (start|resume|waitgroup\.wait)/);
    expect(new Set(rows.map(column)).size).toBe(1);
  });
});

describe('shrinking spends a bounded number of steps', () => {
  it('stops once its runs have taken maxTotalSteps steps', async () => {
    const spin: Program = async () => {
      go(async () => { for (;;) await gosched(); });
      for (;;) await gosched();
    };
    const rec = new Recorder();
    const result = await run(spin, { scheduler: rec.wrap(randomScheduler('1')), monitors: [rec], maxSteps: 1000, locations: false });
    expect(result.findings[0]?.kind).toBe('step-limit');
    const shrunk = await shrinkSchedule({
      engine: coreEngine(), program: spin, kind: 'step-limit', start: measure(result, rec), maxTotalSteps: 3000, accepts: () => false,
      runOptions: (scheduler, recorder) => ({ scheduler, monitors: [recorder], maxSteps: 1000, locations: false }),
    });
    expect(shrunk.runs).toBe(3);
    expect(shrunk.preemptions).toBe(rec.preemptions()); // nothing accepted: the schedule as found
  });
});
