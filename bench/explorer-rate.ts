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
const ROUNDS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

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
    const runs = Number(options.get('schedules') ?? 100000);
    // Warm both sides up first: a cold first thousand runs measures the JIT, not the tools.
    await fastCheckRate(Math.min(runs, 10000));
    await exploreRate(Math.min(runs, 10000));
    // Then three rounds, alternating sides, and the median of each: a garbage collection
    // landing in one measurement moves neither side much.
    const theirs: number[] = [];
    const mine: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      theirs.push(await fastCheckRate(runs));
      mine.push(await exploreRate(runs));
    }
    const reference = median(theirs);
    const ours = median(mine);
    const ratio = ours / reference;
    return {
      rows: [
        { benchmark: 'explorer: interleave explore (random)', value: ours, unit: 'schedules/s', reference: 'see ratio', verdict: 'info' },
        { benchmark: 'explorer: fast-check scheduler', value: reference, unit: 'runs/s', reference: 'baseline', verdict: 'info' },
        { benchmark: 'explorer: ratio to fast-check', value: `${ratio.toFixed(2)}x`, unit: 'x', reference: '>= 5x', verdict: ratio >= 5 ? 'pass' : 'FAIL' },
      ],
      notes: [`explorer: ${TASKS} goroutines x ${YIELDS} scheduling points each, seed 1; after a warm-up, the median of ${ROUNDS} alternating rounds of ${runs} executions each side (explore: ${mine.map(Math.round).join(', ')}; fast-check: ${theirs.map(Math.round).join(', ')}).`],
    };
  },
};
