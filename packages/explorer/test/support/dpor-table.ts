/**
 * Prints the DPOR table of the README: the classic benchmarks explored
 * exhaustively with partial-order reduction (and, where it ends, plain DFS).
 * Run: `npx tsx packages/explorer/test/support/dpor-table.ts` (a minute or two).
 */
import type { Program } from '@interleave/core';
import { explore } from '../../src/index.ts';
import { filesystem, indexer, lastzero, readersWriters } from './benchmarks.ts';
const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
const rows: [string, Program, number, boolean][] = [
  ['indexer(11)', indexer(11), 1, false], ['indexer(12)', indexer(12), 8, false], ['indexer(13)', indexer(13), 64, false], ['indexer(14)', indexer(14), 512, false],
  ['file system(13)', filesystem(13), 1, false], ['file system(14)', filesystem(14), 2, false], ['file system(16)', filesystem(16), 8, false], ['file system(18)', filesystem(18), 32, false],
  ['lastzero(2)', lastzero(2), 5, true], ['lastzero(3)', lastzero(3), 12, true], ['lastzero(5)', lastzero(5), 64, false], ['lastzero(8)', lastzero(8), 11 * 64, false], ['lastzero(10)', lastzero(10), 13 * 256, false],
  ['readers-writers(2,1)', readersWriters(2, 1), 4, true], ['readers-writers(2,2)', readersWriters(2, 2), 18, true], ['readers-writers(4,1)', readersWriters(4, 1), 16, false], ['readers-writers(3,3)', readersWriters(3, 3), fact(3) * 64, false],
];
console.log('| program | Mazurkiewicz traces | DPOR complete runs | DPOR runs (incl. sleep-blocked) | plain DFS runs | DPOR time |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [name, p, traces, dfsToo] of rows) {
  const t = performance.now();
  const d = await explore(p, { strategy: 'exhaustive', schedules: 1_000_000, stopOnFirstFailure: false, shrink: false, sharedState: 'objects' });
  const ms = performance.now() - t;
  let dfsCell = 'not run';
  if (dfsToo) {
    const f = await explore(p, { strategy: 'exhaustive', por: false, schedules: 300_000, timeBudgetMs: 120_000, stopOnFirstFailure: false, shrink: false, sharedState: 'objects' });
    dfsCell = f.exhausted ? `${f.schedules} (${f.stats.classes} classes)` : `> ${f.schedules}`;
  }
  console.log(`| ${name} | ${traces} | ${d.stats.strategy['classes']} | ${d.schedules} | ${dfsCell} | ${(ms / 1000).toFixed(2)} s |`);
}
