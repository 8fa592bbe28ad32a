/**
 * Worker threads: the same program, options and seed give the same result, byte
 * for byte (JSON: which failure, which index, which token, the statistics), in
 * this thread and on 2 and 3 workers; a clean program stays clean; a failure a
 * worker found replays here. Budgets are small: these run on 2 cores in CI, and
 * every exploration on workers pays for starting them (tsx, core).
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '@interleave/core';
import { explore, replay, type ExploreOptions, type ExploreResult, type ProgramModule } from '../../src/index.ts';
import { clock } from '../../src/limits.ts';
import { Coordinator } from '../../src/workers/coordinator.ts';
import * as programs from './programs.ts';

type Name = keyof typeof programs;

const module = new URL('./programs.ts', import.meta.url);

function programModule(name: Name): ProgramModule {
  return { module, export: name };
}

async function onWorkers(name: Name, options: ExploreOptions, workers: number): Promise<ExploreResult> {
  return explore(programs[name], { ...options, workers, programModule: programModule(name) });
}

/** The result in this thread, then on 2 and 3 workers, as JSON. */
async function threeWays(name: Name, options: ExploreOptions): Promise<[string, string, string]> {
  const here = JSON.stringify(await explore(programs[name], options));
  const two = JSON.stringify(await onWorkers(name, options, 2));
  const three = JSON.stringify(await onWorkers(name, options, 3));
  return [here, two, three];
}

const cases: { name: Name; what: string; options: ExploreOptions }[] = [
  { name: 'reverseFinish', what: 'random, a rare failure far from index 0', options: { strategy: 'random', schedules: 300, seed: 6 } },
  { name: 'reverseFinish', what: 'pct, every failure (PCT estimates grow)', options: { strategy: 'pct', schedules: 300, seed: 2, stopOnFirstFailure: false } },
  { name: 'reverseFinish', what: 'portfolio, failure in an exhaustive run (schedule 47)', options: { schedules: 300, seed: 4 } },
  { name: 'reverseFinish', what: 'portfolio, failure in a PCT run (schedule 46)', options: { schedules: 300, seed: 7 } },
  { name: 'small', what: 'portfolio, the exhaustive runs cover the space', options: { schedules: 300, seed: 7 } },
  { name: 'clean', what: 'portfolio, clean program', options: { schedules: 300, seed: 3 } },
  { name: 'spinWait', what: 'portfolio, exhaustive search ended by the step limit, its even indexes go to PCT and random', options: { schedules: 200, seed: 6, maxSteps: 12, stopOnFirstFailure: false } },
  { name: 'racy', what: 'random, race detector, every failure', options: { strategy: 'random', schedules: 100, seed: 5, race: true, stopOnFirstFailure: false } },
  { name: 'plainLostUpdate', what: 'random, plain async code: the exploration starts over following promises', options: { strategy: 'random', schedules: 100, seed: 1, stopOnFirstFailure: false } },
];

describe('explore on worker threads', () => {
  for (const c of cases) {
    it(`same JSON with 1, 2 and 3 workers: ${c.name}, ${c.what}`, async () => {
      const [here, two, three] = await threeWays(c.name, c.options);
      expect(two).toBe(here);
      expect(three).toBe(here);
    });
  }

  it('the failure is the lowest failing index, its token replays here', async () => {
    const options: ExploreOptions = { strategy: 'random', schedules: 300, seed: 6 };
    const all = await explore(programs.reverseFinish, { ...options, stopOnFirstFailure: false });
    const r = await onWorkers('reverseFinish', options, 2);
    expect(r.ok).toBe(false);
    expect(r.failure?.schedule).toBe(all.failure?.schedule);
    expect(r.schedules).toBe(r.failure?.schedule);
    expect(r.failure!.schedule).toBeGreaterThan(20); // not in the first chunk: workers raced for it
    const again = await replay(programs.reverseFinish, r.failure!.replay);
    expect(again.findings[0]?.kind).toBe('panic');
  });

  it('a clean program is clean, every schedule runs (module given as a path)', async () => {
    const path = relative(process.cwd(), fileURLToPath(module));
    const r = await explore(programs.clean, { strategy: 'random', schedules: 300, seed: 9, workers: 2, programModule: { module: path, export: 'clean' } });
    expect(r.ok).toBe(true);
    expect(r.schedules).toBe(300);
    expect(r.failure).toBeUndefined();
  });

  it('PCT schedules built from a wrong estimate are dropped and run again', async () => {
    const c = new Coordinator({
      workers: 2,
      init: {
        moduleUrl: module.href, exportName: 'reverseFinish', plan: { kind: 'pct', options: { schedules: 200 } },
        base: { leaks: true, locations: false }, race: false, seed: '2', stopOnFirstFailure: false, deadline: undefined,
      },
    });
    const indices: number[] = [];
    for await (const item of c.items()) indices.push(item.index);
    expect(indices).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(c.rerun).toBeGreaterThan(0);
    expect(c.strategyStats()['pctK']).toBeGreaterThan(16);
  });

  it('exhaustive runs in this thread: the same result', async () => {
    const options: ExploreOptions = { strategy: 'exhaustive', schedules: 200 };
    const here = JSON.stringify(await explore(programs.clean, options));
    expect(JSON.stringify(await onWorkers('clean', options, 2))).toBe(here);
  });

  it('a time budget ends the exploration early', async () => {
    const r = await onWorkers('clean', { strategy: 'random', schedules: 1_000_000, timeBudgetMs: 1 }, 2);
    expect(r.schedules).toBeLessThan(1_000_000);
    expect(r.ok).toBe(true);
  });

  it('at the deadline the workers are stopped, in the middle of a schedule', async () => {
    // Each run takes 5 s; the budget ends during the first ones: none of them counts.
    const r = await onWorkers('slow', { strategy: 'random', schedules: 100, timeBudgetMs: 1500 }, 2);
    expect(r).toMatchObject({ ok: true, schedules: 0 });
  });

  it('an abort stops the workers and rejects with the reason', async () => {
    const options: ExploreOptions = { strategy: 'random', schedules: 100, signal: AbortSignal.timeout(1500) };
    await expect(onWorkers('slow', options, 2)).rejects.toMatchObject({ name: 'TimeoutError' });
    const aborted = AbortSignal.abort();
    await expect(onWorkers('clean', { signal: aborted }, 2)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('says what is wrong', async () => {
    await expect(explore(programs.clean, { workers: 2 })).rejects.toThrow(/programModule/);
    await expect(explore(programs.clean, { workers: 0 })).rejects.toThrow(UsageError);
    await expect(explore(programs.clean, { workers: 2, programModule: { module, export: 'nope' } })).rejects.toThrow(/no function export 'nope'/);
    await expect(
      explore(programs.notReverseFinish, { strategy: 'random', schedules: 300, seed: 1, workers: 2, programModule: programModule('reverseFinish') }),
    ).rejects.toThrow(/same program/);
  });

  describe('the time budget', () => {
    afterEach(() => { vi.restoreAllMocks(); });

    it('binds the whole exploration when it starts over following promises: the second pass gets what the first left', async () => {
      // This thread's clock reads 0 while the first pass starts (its limits, the workers' deadline: a minute of real
      // time), then a day later: the first pass spent the budget, so no schedule of the second pass may start (a
      // budget of its own, from then, would have let all 100 run).
      let readings = 0;
      vi.spyOn(clock, 'now').mockImplementation(() => (++readings <= 2 ? 0 : 86_400_000));
      const r = await onWorkers('plainLostUpdate', { strategy: 'random', schedules: 100, seed: 1, stopOnFirstFailure: false, timeBudgetMs: 60_000 }, 2);
      expect(r.schedules).toBe(0);
    });
  });
});
