/**
 * Explorer throughput on worker threads: schedules per second of `explore`
 * (random strategy) on a small program (three goroutines,
 * three yields each) in this thread, then on 2 worker threads, same seed and
 * budget (so the same result, which is checked). The worker figure includes
 * starting the workers (tsx, core: a few hundred ms, measured on its own by a
 * 2-schedule exploration); a second row takes that time out.
 * `--worker-schedules=N` sets the budget (default 100,000).
 * The workers import the program from small-programs.ts (`programModule`).
 */
import { threeByThree } from './small-programs.ts';
import { explore, type ExploreOptions } from '@interleave/explorer';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TASKS = 3;
const YIELDS = 3;
const program = threeByThree;

async function timed(options: ExploreOptions): Promise<{ ms: number; json: string; schedules: number }> {
  const t0 = performance.now();
  const r = await explore(program, { ...options, programModule: { module: new URL('./small-programs.ts', import.meta.url), export: 'threeByThree' } });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`explore found a failure in a correct program: ${r.failure?.message ?? '?'}`);
  return { ms, json: JSON.stringify(r), schedules: r.schedules };
}

export const explorerWorkers: Benchmark = {
  name: 'explorer-workers',
  description: 'explore() schedules/s in this thread vs on 2 worker threads (same result)',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const runs = Number(options.get('worker-schedules') ?? 100_000);
    const base: ExploreOptions = { strategy: 'random', schedules: runs, seed: 1 };
    const start = await timed({ ...base, schedules: 2, workers: 2 });
    const one = await timed({ ...base, workers: 1 });
    const two = await timed({ ...base, workers: 2 });
    if (two.json !== one.json) throw new Error('2 workers gave another result than 1');
    const rate1 = one.schedules / (one.ms / 1000);
    const rate2 = two.schedules / (two.ms / 1000);
    const steady = two.schedules / (Math.max(1, two.ms - start.ms) / 1000);
    return {
      rows: [
        { benchmark: 'explorer: 1 thread (random)', value: rate1, unit: 'schedules/s', reference: 'baseline', verdict: 'info' },
        { benchmark: 'explorer: 2 worker threads (random)', value: rate2, unit: 'schedules/s', reference: `${(rate2 / rate1).toFixed(2)}x 1 thread`, verdict: 'info' },
        { benchmark: 'explorer: 2 workers, start-up excluded', value: steady, unit: 'schedules/s', reference: `${(steady / rate1).toFixed(2)}x 1 thread`, verdict: 'info' },
        { benchmark: 'explorer: starting 2 workers', value: start.ms, unit: 'ms', reference: 'included in the 2-worker row', verdict: 'info' },
      ],
      notes: [
        `explorer-workers: ${TASKS} goroutines x ${YIELDS} yields, ${runs} schedules each, seed 1; identical JSON results checked.`,
        'explorer-workers: the main thread commits results in index order; on a shared 2-core machine the workers compete with it and with anything else running.',
      ],
    };
  },
};
