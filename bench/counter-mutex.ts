/**
 * Issue 14, row 7: the `counter-mutex` fixture (1,000 goroutines each
 * incrementing a `Shared` counter under a Mutex, joined by a WaitGroup) explored
 * as the main job explores it (`explore` with the default strategy, seed 0, no
 * race detector), in schedules per second. After a warm-up exploration, the
 * median of `--counter-rounds` explorations of `--counter-schedules` schedules
 * each (defaults 3 x 200; the main job runs 1,000). Target: >= 200 schedules/s.
 */
import { explore } from '@interleave/explorer';
import { fixtures } from '@interleave/fixtures';
import { median } from './baton.ts';
import { judged, type Target } from './target.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET: Target = { op: '>=', bound: 200 };

export const counterMutex: Benchmark = {
  name: 'counter-mutex',
  description: 'issue 14 row 7: schedules/s of the counter-mutex fixture (1,000 goroutines), default strategy (--counter-schedules=N, --counter-rounds=N)',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const fixture = fixtures.find((f) => f.name === 'counter-mutex');
    if (fixture === undefined) throw new Error('no counter-mutex fixture');
    const schedules = Number(options.get('counter-schedules') ?? 200);
    const rounds = Number(options.get('counter-rounds') ?? 3);
    const once = async (budget: number): Promise<number> => {
      const t0 = performance.now();
      const r = await explore(fixture.program, { schedules: budget, seed: 0 });
      const ms = performance.now() - t0;
      if (!r.ok || r.schedules !== budget) throw new Error(`counter-mutex: ok ${r.ok}, ${r.schedules} schedules`);
      return (budget / ms) * 1000;
    };
    await once(Math.min(schedules, 20));
    const rates: number[] = [];
    for (let i = 0; i < rounds; i++) rates.push(await once(schedules));
    const rate = median(rates);
    return {
      rows: [judged('counter-mutex fixture (1,000 goroutines)', rate, rate.toFixed(0), 'schedules/s', TARGET, `>= ${TARGET.bound} schedules/s`)],
      notes: [`counter-mutex: default strategy, seed 0, no race detector; median of ${rounds} explorations of ${schedules} schedules after a warm-up (${rates.map((r) => r.toFixed(0)).join(', ')} schedules/s).`],
    };
  },
};
