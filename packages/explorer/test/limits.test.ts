/**
 * What cuts an exploration short, without timing anything: an abort signal
 * (already aborted, or aborted by the program itself during a run) makes
 * `explore` reject at the next check between runs, exploring or shrinking; the
 * time budget, read through a clock the test drives (each run of the program
 * moves it on), bounds shrinking and the located re-run too (not started when
 * the budget left looks too short for it), and a report it did not leave room
 * to locate says so.
 */
import { WaitGroup, gosched, shared, type Program } from '@interleave/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCATED_COST, UNLOCATED } from '../src/failure.ts';
import { explore } from '../src/index.ts';
import { clock } from '../src/limits.ts';

/** A lost update, counting its runs, calling `each(run)` at the start of every run. */
function lostUpdate(each: (run: number) => void): { program: Program; runs: () => number } {
  let runs = 0;
  const program: Program = async () => {
    each(++runs);
    const n = shared(0, 'counter');
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) wg.go(async () => { const v = n.value; await gosched(); n.value = v + 1; }, `worker${i}`);
    await wg.wait();
    if (n.value !== 2) throw new Error(`lost update: counter is ${n.value}`);
  };
  return { program, runs: () => runs };
}

/** The 1-based schedule of the first failure, and how many runs the whole exploration makes. */
async function reference(): Promise<{ schedule: number; runs: number }> {
  const p = lostUpdate(() => {});
  const r = await explore(p.program, { seed: 3 });
  return { schedule: r.failure!.schedule, runs: p.runs() };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('signal', () => {
  it('already aborted: explore rejects with its reason and runs nothing', async () => {
    const p = lostUpdate(() => {});
    const controller = new AbortController();
    controller.abort();
    await expect(explore(p.program, { signal: controller.signal })).rejects.toThrow(/aborted/);
    await expect(explore(p.program, { signal: AbortSignal.abort(new Error('stop now')) })).rejects.toThrow('stop now');
    expect(p.runs()).toBe(0);
  });

  it('aborted during a run: no further schedule starts', async () => {
    const controller = new AbortController();
    const p = lostUpdate((run) => { if (run === 5) controller.abort(); });
    const rejected = await explore(p.program, { strategy: 'random', seed: 1, signal: controller.signal }).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(Error);
    expect((rejected as Error).name).toBe('AbortError');
    expect(p.runs()).toBe(5);
  });

  it('aborted while shrinking: no further shrinking run starts', async () => {
    const { schedule, runs } = await reference();
    expect(runs).toBeGreaterThan(schedule + 2); // shrinking runs the program some more
    const controller = new AbortController();
    // The first run after the failing schedule is shrinking's first.
    const p = lostUpdate((run) => { if (run === schedule + 1) controller.abort(); });
    await expect(explore(p.program, { seed: 3, signal: controller.signal })).rejects.toThrow(/aborted/);
    expect(p.runs()).toBe(schedule + 1);
  });
});

describe('timeBudgetMs bounds shrinking and the located re-run', () => {
  /** A clock that each run of the program moves on by `step` ms. */
  function stepping(step: number): (run: number) => void {
    let now = 0;
    vi.spyOn(clock, 'now').mockImplementation(() => now);
    return () => { now += step; };
  }

  it('spent by the failing schedule itself: reported unshrunk and unlocated, and the text says so', async () => {
    const { schedule } = await reference();
    const p = lostUpdate(stepping(10));
    // The budget lasts exactly until the failing schedule.
    const r = await explore(p.program, { seed: 3, timeBudgetMs: 10 * schedule });
    expect(p.runs()).toBe(schedule);
    const f = r.failure!;
    expect(f.schedule).toBe(schedule);
    expect(f.kind).toBe('panic');
    expect(f.text).toContain(UNLOCATED);
    expect(f.text).not.toContain('interleaving:');
    expect(f.interleaving).toBe('');
    expect(f.replay).toBe(f.original.replay);
  });

  it('spent while shrinking: shrinking stops there, the report is not located', async () => {
    const { schedule, runs } = await reference();
    const p = lostUpdate(stepping(10));
    const r = await explore(p.program, { seed: 3, timeBudgetMs: 10 * (schedule + 2) });
    expect(p.runs()).toBe(schedule + 2);
    expect(p.runs()).toBeLessThan(runs);
    expect(r.failure!.text).toContain(UNLOCATED);
  });

  it('too little left for the located re-run (LOCATED_COST times the plain run): shrunk, not located', async () => {
    const { runs } = await reference();
    const p = lostUpdate(stepping(10));
    const r = await explore(p.program, { seed: 3, timeBudgetMs: 10 * (runs + 5) });
    expect(p.runs()).toBe(runs - 1); // every run but the located one
    expect(r.failure!.text).toContain(UNLOCATED);
    expect(r.failure!.preemptions).toBe(1);
  });

  it('with room to spare: shrunk and located as usual', async () => {
    const { runs } = await reference();
    const p = lostUpdate(stepping(10));
    const r = await explore(p.program, { seed: 3, timeBudgetMs: 10 * (runs + 2 * LOCATED_COST) });
    expect(p.runs()).toBe(runs);
    expect(r.failure!.text).not.toContain(UNLOCATED);
    expect(r.failure!.text).toMatch(/limits\.test\.ts:\d+:\d+/);
  });

  it('0: nothing runs', async () => {
    const p = lostUpdate(() => {});
    expect(await explore(p.program, { timeBudgetMs: 0 })).toMatchObject({ ok: true, schedules: 0 });
    expect(p.runs()).toBe(0);
  });
});
