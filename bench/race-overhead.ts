/**
 * Issue 14, row 6: race detector on/off, 200,000 `Shared` accesses under a
 * mutex per run (the race-detector package's overhead workload: 4 goroutines x
 * 250 critical sections x 100 increments of two `Shared` counters), in
 * alternating rounds off/on, the ratio the median of the rounds' ratios. A run
 * with a do-nothing monitor (core's event delivery alone) is printed beside it.
 * Target: on/off <= 1.3.
 */
import { measureRaceOverhead } from '@interleave/race-detector';
import { judged, type Target } from './target.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET: Target = { op: '<=', bound: 1.3 };

export const raceOverhead: Benchmark = {
  name: 'race-overhead',
  description: 'issue 14 row 6: race detector on/off, 200,000 Shared accesses under a mutex per run (--sections=N, --race-rounds=N)',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const sections = Number(options.get('sections') ?? 250);
    const m = await measureRaceOverhead({ sections, rounds: Number(options.get('race-rounds') ?? 41) });
    const rate = (ms: number): number => m.accesses / (ms / 1000);
    return {
      rows: [
        { benchmark: 'race detector: off', value: rate(m.offMs), unit: 'accesses/s', reference: 'baseline', verdict: 'info' },
        { benchmark: 'race detector: no-op monitor', value: rate(m.dispatchMs), unit: 'accesses/s', reference: 'event delivery only', verdict: 'info' },
        { benchmark: 'race detector: on', value: rate(m.onMs), unit: 'accesses/s', reference: '', verdict: 'info' },
        judged('race detector: on/off', m.ratio, `${m.ratio.toFixed(2)}x`, 'x', TARGET, `<= ${TARGET.bound}x`),
      ],
      notes: [
        `race detector: ${m.accesses.toLocaleString('en-US')} Shared accesses per run; ${m.ratios.length} alternating rounds off/on after a warm-up, ` +
          `ratio = median of the rounds' on/off ratios (quartiles ${quartiles(m.ratios)}); medians ${m.offMs.toFixed(2)} ms off, ${m.onMs.toFixed(2)} ms on.`,
      ],
    };
  },
};

function quartiles(xs: readonly number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): string => (s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN).toFixed(2);
  return `${at(0.25)}-${at(0.75)}`;
}
