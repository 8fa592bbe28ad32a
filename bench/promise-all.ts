/**
 * Issue 16's row: explored schedules per second of a small `Promise.all` program of
 * ordinary async code (no goroutines but main), beside fast-check's scheduler on the
 * same program.
 *
 * The program: two async tasks, each awaiting three 1 ms timers (`new Promise((r) =>
 * setTimeout(r, 1))`) and incrementing an object field after each, joined by
 * `Promise.all`, then the count is checked. interleave: a whole `explore`, random
 * strategy, `stopOnFirstFailure: false`, seed 1 (every run follows plain promises: the
 * exploration starts over once, after its first schedule, and that is counted).
 * fast-check: `fc.assert` with `fc.scheduler()`, the timers replaced by
 * `s.schedule(Promise.resolve())` (its scheduler does not drive `setTimeout`), seed 1.
 * Rounds alternate after a warm-up of each; the figures are medians. No target: the
 * issue asks for the row beside fast-check.
 */
import fc from 'fast-check';
import { explore } from '@interleave/explorer';
import { median } from './baton.ts';
import { alternate } from './target.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The program under interleave: ordinary async code. */
async function promiseAll(): Promise<void> {
  const counter = { value: 0 };
  const task = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      await delay(1);
      counter.value++;
    }
  };
  await Promise.all([task(), task()]);
  if (counter.value !== 6) throw new Error(`lost an update: ${counter.value}`);
}

async function exploreMs(schedules: number): Promise<number> {
  const t0 = performance.now();
  const r = await explore(promiseAll, { strategy: 'random', schedules, seed: 1, stopOnFirstFailure: false });
  const ms = performance.now() - t0;
  if (!r.ok || r.schedules !== schedules) throw new Error(`explore of a correct program: ok ${r.ok}, ${r.schedules} schedules, ${r.failure?.message ?? ''}`);
  return ms;
}

async function fastCheckMs(runs: number): Promise<number> {
  const t0 = performance.now();
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), async (s) => {
      const counter = { value: 0 };
      const task = async (): Promise<void> => {
        for (let i = 0; i < 3; i++) {
          await s.schedule(Promise.resolve());
          counter.value++;
        }
      };
      await s.waitFor(Promise.all([task(), task()]));
      if (counter.value !== 6) throw new Error(`lost an update: ${counter.value}`);
    }),
    { numRuns: runs, seed: 1 },
  );
  return performance.now() - t0;
}

export const promiseAllRow: Benchmark = {
  name: 'promise-all',
  description: 'issue 16: whole explore() of a Promise.all of two tasks x three 1 ms timers (plain async code) vs fc.assert + fc.scheduler',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const schedules = Number(options.get('promise-schedules') ?? 500);
    const rounds = Number(options.get('promise-rounds') ?? 7);
    const pairs = await alternate(rounds, () => fastCheckMs(schedules), () => exploreMs(schedules));
    const rate = (ms: number): number => (schedules / ms) * 1000;
    const ratio = median(pairs.map(([theirs, ours]) => theirs / ours));
    const n = schedules.toLocaleString('en-US');
    return {
      rows: [
        { benchmark: `promise-all (${n}): explore`, value: median(pairs.map(([, ours]) => rate(ours))), unit: 'schedules/s', reference: 'whole explore() calls, following promises', verdict: 'info' },
        { benchmark: `promise-all (${n}): fast-check`, value: median(pairs.map(([theirs]) => rate(theirs))), unit: 'runs/s', reference: 'whole fc.assert() calls', verdict: 'info' },
        { benchmark: `promise-all (${n}): ratio`, value: ratio, unit: 'x', reference: 'explore over fast-check (no target)', verdict: 'info' },
      ],
      notes: [`promise-all (${n}): ${rounds} alternating rounds after a warm-up; round ratios ${pairs.map(([t, o]) => (t / o).toFixed(2)).join(', ')} (--promise-schedules=N, --promise-rounds=N).`],
    };
  },
};
