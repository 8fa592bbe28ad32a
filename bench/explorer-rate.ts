/**
 * Explorer throughput: schedules per second of `explore` (random strategy) on a
 * small program of three goroutines, each yielding three times, against
 * fast-check's `fc.scheduler()` running the same shape (three tasks, three
 * scheduled awaits each) as the reference.
 * Both sides run the same number of executions with the same seed; the
 * program checks its own result, so neither side can win by doing less.
 */
import fc from 'fast-check';
import { twoByThree } from './small-programs.ts';
import { explore } from '@interleave/explorer';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TASKS = 2;
const YIELDS = 3;
const program = twoByThree;

async function fastCheckRate(runs: number): Promise<number> {
  const t0 = performance.now();
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), async (s) => {
      let counter = 0;
      const tasks = Array.from({ length: TASKS }, async () => {
        for (let y = 0; y < YIELDS; y++) await s.schedule(Promise.resolve());
        counter++;
      });
      await s.waitFor(Promise.all(tasks));
      if (counter !== TASKS) throw new Error('lost a task');
    }),
    { numRuns: runs, seed: 1 },
  );
  return runs / ((performance.now() - t0) / 1000);
}

async function exploreRate(runs: number): Promise<number> {
  const t0 = performance.now();
  const r = await explore(program, { strategy: 'random', schedules: runs, seed: 1 });
  if (!r.ok) throw new Error(`explore found a failure in a correct program: ${r.failure?.message ?? '?'}`);
  return r.schedules / ((performance.now() - t0) / 1000);
}

export const explorerRate: Benchmark = {
  name: 'explorer-schedules',
  description: 'explore() schedules/s vs fast-check scheduler runs/s on the same small program',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const runs = Number(options.get('schedules') ?? 20000);
    // Warm both sides up first: a cold first thousand runs measures the JIT, not the tools.
    await fastCheckRate(Math.min(runs, 2000));
    await exploreRate(Math.min(runs, 2000));
    const reference = await fastCheckRate(runs);
    const ours = await exploreRate(runs);
    const ratio = ours / reference;
    return {
      rows: [
        { benchmark: 'explorer: interleave explore (random)', value: ours, unit: 'schedules/s', reference: 'see ratio', verdict: 'info' },
        { benchmark: 'explorer: fast-check scheduler', value: reference, unit: 'runs/s', reference: 'baseline', verdict: 'info' },
        { benchmark: 'explorer: ratio to fast-check', value: `${ratio.toFixed(2)}x`, unit: 'x', reference: '>= 5x', verdict: ratio >= 5 ? 'pass' : 'FAIL' },
      ],
      notes: [`explorer: ${TASKS} goroutines x ${YIELDS} scheduling points each, ${runs} executions each side after a warm-up, seed 1.`],
    };
  },
};
