/**
 * Issue 14, rows 4 and 5: a whole `explore` of a small program against
 * fast-check's `fc.assert` with `fc.scheduler()` running the same program as
 * many times, every fixed cost included on both sides (set-up of the
 * exploration or of the property, every schedule, the result).
 *
 * The program (small-programs.ts `sharedCounter`): two goroutines, three
 * `gosched` each, each followed by an increment of a `shared` counter, joined by
 * a WaitGroup; fast-check's side: two async tasks, three `s.schedule(...)`
 * awaits each, each followed by an increment of an object field, joined by
 * `s.waitFor(Promise.all(...))`. Both check the count, so neither side can win
 * by doing less. explore: random strategy, `stopOnFirstFailure: false`, seed 1;
 * fast-check: `numRuns`, seed 1.
 *
 * Rounds alternate (fast-check, explore) after a warm-up round of each; the
 * figure is the median of the rounds' ratios (explore's runs/s over
 * fast-check's), the rates printed are the medians of each side.
 * Target: >= 5x at 5,000 schedules and at 200 (a vitest test's budget).
 */
import fc from 'fast-check';
import { explore } from '@interleave/explorer';
import { median } from './baton.ts';
import { sharedCounter } from './small-programs.ts';
import { alternate, judged, type Target } from './target.ts';
import type { BenchOptions, BenchOutput, Benchmark, Row } from './types.ts';

const TARGET: Target = { op: '>=', bound: 5 };

/** Wall-clock ms of one `fc.assert` of the equivalent program, `runs` runs. */
async function fastCheckMs(runs: number): Promise<number> {
  const t0 = performance.now();
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), async (s) => {
      const counter = { value: 0 };
      const tasks = Array.from({ length: 2 }, async () => {
        for (let y = 0; y < 3; y++) {
          await s.schedule(Promise.resolve());
          counter.value = counter.value + 1;
        }
      });
      await s.waitFor(Promise.all(tasks));
      if (counter.value !== 6) throw new Error(`lost an update: ${counter.value}`);
    }),
    { numRuns: runs, seed: 1 },
  );
  return performance.now() - t0;
}

/** Wall-clock ms of one whole exploration of `schedules` schedules. */
async function exploreMs(schedules: number): Promise<number> {
  const t0 = performance.now();
  const r = await explore(sharedCounter, { strategy: 'random', schedules, seed: 1, stopOnFirstFailure: false });
  const ms = performance.now() - t0;
  if (!r.ok || r.schedules !== schedules) throw new Error(`explore of a correct program: ok ${r.ok}, ${r.schedules} schedules, ${r.failure?.message ?? ''}`);
  return ms;
}

/** The rows of one budget. */
async function compare(schedules: number, rounds: number): Promise<{ rows: Row[]; note: string }> {
  const pairs = await alternate(rounds, () => fastCheckMs(schedules), () => exploreMs(schedules));
  const ratio = median(pairs.map(([theirs, ours]) => theirs / ours));
  const rate = (ms: number): number => (schedules / ms) * 1000;
  const n = schedules.toLocaleString('en-US');
  return {
    rows: [
      { benchmark: `explore vs fast-check (${n}): explore`, value: median(pairs.map(([, ours]) => rate(ours))), unit: 'schedules/s', reference: 'whole explore() calls', verdict: 'info' },
      { benchmark: `explore vs fast-check (${n}): fast-check`, value: median(pairs.map(([theirs]) => rate(theirs))), unit: 'runs/s', reference: 'whole fc.assert() calls', verdict: 'info' },
      judged(`explore vs fast-check (${n}): ratio`, ratio, `${ratio.toFixed(2)}x`, 'x', TARGET, `>= ${TARGET.bound}x`),
    ],
    note: `explore vs fast-check (${n}): ${rounds} alternating rounds after a warm-up; round ratios ${pairs.map(([t, o]) => (t / o).toFixed(2)).join(', ')}.`,
  };
}

export const exploreVsFastCheck: Benchmark = {
  name: 'explore-vs-fast-check',
  description: 'issue 14 rows 4-5: whole explore() of 2 goroutines x 3 gosched + shared counter vs fc.assert + fc.scheduler, 5,000 and 200 runs',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const large = await compare(Number(options.get('schedules') ?? 5000), Number(options.get('rounds') ?? 7));
    const small = await compare(200, Number(options.get('small-rounds') ?? 41));
    return {
      rows: [...large.rows, ...small.rows],
      notes: [
        'explore vs fast-check: two goroutines x three gosched, a shared counter incremented after each, joined by a WaitGroup; ' +
          'explore: random strategy, stopOnFirstFailure false, seed 1; fast-check: fc.assert(fc.asyncProperty(fc.scheduler(), ...)), seed 1. ' +
          'Each round times one whole call of each; the ratio is the median of the rounds\' ratios (--schedules=N, --rounds=N, --small-rounds=N).',
        large.note,
        small.note,
      ],
    };
  },
};
