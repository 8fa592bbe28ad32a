/**
 * Exhaustive-strategy throughput: executions per second of `explore` with
 * `strategy: 'exhaustive'` (partial-order reduction, `sharedState: 'objects'`)
 * on two classic DPOR benchmarks written with a WaitGroup join (lastzero(10)
 * and indexer(13), see packages/explorer/test/support/benchmarks.ts), with the
 * complete executions (Mazurkiewicz traces) and the sleep-set-blocked runs
 * beside them. The published trace counts are the reference: 3,328 for
 * lastzero(10) and 64 for indexer(13). No target: the rate is information;
 * the search is optimal (wakeup trees), so the trace count must match and no
 * run may be sleep-set blocked (FAIL otherwise).
 */
import type { Program } from '@interleave/core';
import { explore } from '@interleave/explorer';
import { indexer, lastzero } from '../packages/explorer/test/support/benchmarks.ts';
import type { BenchOptions, BenchOutput, Benchmark, Row } from './types.ts';

const cases: readonly [name: string, program: Program, traces: number][] = [
  ['lastzero(10)', lastzero(10, 'waitgroup'), 13 * 256],
  ['indexer(13)', indexer(13, 'waitgroup'), 64],
];

async function measure(name: string, program: Program, traces: number): Promise<Row[]> {
  const t0 = performance.now();
  const r = await explore(program, { strategy: 'exhaustive', sharedState: 'objects', schedules: 1_000_000, stopOnFirstFailure: false, shrink: false });
  const seconds = (performance.now() - t0) / 1000;
  if (!r.ok || !r.exhausted) throw new Error(`${name}: the exhaustive search did not end clean (ok ${r.ok}, exhausted ${r.exhausted})`);
  const classes = r.stats.strategy['classes'] ?? -1;
  const blocked = r.stats.strategy['sleepBlocked'] ?? -1;
  return [
    { benchmark: `dpor: ${name} exhaustive`, value: r.schedules / seconds, unit: 'executions/s', reference: `${r.schedules} executions, ${(seconds * 1e6 / r.schedules).toFixed(0)} µs each`, verdict: 'info' },
    { benchmark: `dpor: ${name} traces`, value: classes, unit: 'traces', reference: `${traces} published; ${blocked} sleep-blocked runs`, verdict: classes === traces && blocked === 0 ? 'pass' : 'FAIL' },
  ];
}

export const dporRate: Benchmark = {
  name: 'dpor-rate',
  description: 'exhaustive strategy executions/s on lastzero(10) and indexer(13) (WaitGroup joins), with the trace counts',
  async run(_options: BenchOptions): Promise<BenchOutput> {
    // Warm-up: the first runs measure the JIT.
    await explore(lastzero(5, 'waitgroup'), { strategy: 'exhaustive', sharedState: 'objects', schedules: 10_000, shrink: false });
    const rows: Row[] = [];
    for (const [name, program, traces] of cases) rows.push(...(await measure(name, program, traces)));
    return {
      rows,
      notes: ['dpor: one exhaustive exploration each, after a warm-up on lastzero(5); optimal DPOR (wakeup trees): executions = traces, 0 sleep-blocked (source sets alone: 9,687 executions on lastzero(10), 6,359 of them sleep-blocked).'],
    };
  },
};
