/**
 * Race detector on/off: the race-detector package's own overhead workload
 * (goroutines incrementing `Shared` counters under a mutex), run with no
 * monitor, with a do-nothing monitor (core's event delivery alone) and with
 * the race detector. Target, from that package: on/off <= 1.5.
 */
import { measureRaceOverhead } from '@interleave/race-detector';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET_RATIO = 1.5;

export const raceOverhead: Benchmark = {
  name: 'race-overhead',
  description: 'slowdown of the race detector on a Shared-heavy workload (--sections=N)',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const sections = Number(options.get('sections') ?? 5000);
    const m = await measureRaceOverhead({ sections });
    const rate = (ms: number): number => m.accesses / (ms / 1000);
    return {
      rows: [
        { benchmark: 'race detector: off', value: rate(m.offMs), unit: 'accesses/s', reference: 'baseline', verdict: 'info' },
        { benchmark: 'race detector: no-op monitor', value: rate(m.dispatchMs), unit: 'accesses/s', reference: 'event delivery only', verdict: 'info' },
        { benchmark: 'race detector: on', value: rate(m.onMs), unit: 'accesses/s', reference: '', verdict: 'info' },
        {
          benchmark: 'race detector: slowdown on/off',
          value: `${m.ratio.toFixed(2)}x`,
          unit: 'x',
          reference: `<= ${TARGET_RATIO}x (detector alone ${m.detectorRatio.toFixed(2)}x)`,
          verdict: m.ratio <= TARGET_RATIO ? 'pass' : 'FAIL',
        },
      ],
      notes: [`race detector: ${m.accesses.toLocaleString('en-US')} Shared accesses per run, best of 5 runs per mode (measureRaceOverhead).`],
    };
  },
};
