/**
 * Prints the DPOR table of docs/explorer.md: the classic benchmarks, main joining
 * its threads with a WaitGroup and with one channel per thread, explored
 * exhaustively with partial-order reduction under `sharedState: 'objects'`:
 * executions run, complete executions (traces), the published trace count, the
 * sleep-set-blocked runs, and microseconds per execution.
 * Run: `npx tsx --conditions=@interleave/source packages/explorer/test/support/dpor-table.ts` (a minute or two).
 */
import type { Program } from '@interleave/core';
import { explore } from '../../src/index.ts';
import { filesystem, indexer, lastzero, readersWriters, type Join } from './benchmarks.ts';

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
const rows: [string, (join: Join) => Program, number][] = [
  ['indexer(12)', (j) => indexer(12, j), 8], ['indexer(13)', (j) => indexer(13, j), 64], ['indexer(14)', (j) => indexer(14, j), 512],
  ['file system(14)', (j) => filesystem(14, j), 2], ['file system(16)', (j) => filesystem(16, j), 8], ['file system(18)', (j) => filesystem(18, j), 32],
  ['lastzero(5)', (j) => lastzero(5, j), 64], ['lastzero(8)', (j) => lastzero(8, j), 11 * 64], ['lastzero(10)', (j) => lastzero(10, j), 13 * 256],
  ['readers-writers(2,2)', (j) => readersWriters(2, 2, j), 18], ['readers-writers(4,1)', (j) => readersWriters(4, 1, j), 16], ['readers-writers(3,3)', (j) => readersWriters(3, 3, j), fact(3) * 64],
];
console.log('| benchmark | join | executions | traces (published) | sleep-blocked | µs per execution |');
console.log('|---|---|---:|---:|---:|---:|');
for (const [name, p, traces] of rows) {
  for (const join of ['waitgroup', 'channels'] as const) {
    const t = performance.now();
    const d = await explore(p(join), { strategy: 'exhaustive', schedules: 1_000_000, stopOnFirstFailure: false, shrink: false, sharedState: 'objects' });
    const us = ((performance.now() - t) * 1000) / d.schedules;
    const s = d.stats.strategy;
    console.log(`| ${name} | ${join} | ${d.schedules.toLocaleString('en')} | ${(s['classes'] ?? -1).toLocaleString('en')} (${traces.toLocaleString('en')}) | ${(s['sleepBlocked'] ?? -1).toLocaleString('en')} | ${us.toFixed(0)} |`);
  }
}
