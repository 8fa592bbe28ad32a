/**
 * The classic DPOR benchmarks written with the joins users write (main waits on
 * a WaitGroup, or on one channel per thread), explored exhaustively under
 * `sharedState: 'objects'`: the complete executions equal the published
 * Mazurkiewicz trace counts (indexer 8^(n-11) and file system 2^(n-13):
 * Flanagan, Godefroid POPL 2005; lastzero (n+3)·2^(n-2) and readers-writers
 * w!·(w+1)^r: Abdulla, Aronis, Jonsson, Sagonas POPL 2014; derived in
 * strategies/dpor-benchmarks.test.ts). The join adds no trace: the `done`s
 * commute, the `wait` is ordered after them, and a blocked receive is no event.
 *
 * Optimal (wakeup trees, Abdulla, Aronis, Jonsson, Sagonas, JACM 2017): every
 * run is a new trace, so the executions are exactly the traces; no run is cut by a
 * sleep set, every wakeup-tree entry could be followed (`guideMisses`) and none
 * had to be placed earlier than its race (`walkedBack`). With source sets alone,
 * lastzero(5) and lastzero(8) ran 7 and 532 sleep-blocked runs beside their traces.
 */
import type { Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore } from '../src/index.ts';
import { filesystem, indexer, lastzero, readersWriters, type Join } from './support/benchmarks.ts';

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));

const lastzeroTraces = (n: number): number => (n + 3) * 2 ** (n - 2);

const table: [name: string, program: (join: Join) => Program, traces: number][] = [
  ['indexer(12)', (j) => indexer(12, j), 8],
  ['indexer(13)', (j) => indexer(13, j), 64],
  ['file system(14)', (j) => filesystem(14, j), 2],
  ['file system(16)', (j) => filesystem(16, j), 8],
  ['lastzero(3)', (j) => lastzero(3, j), lastzeroTraces(3)],
  ['lastzero(5)', (j) => lastzero(5, j), lastzeroTraces(5)],
  ['lastzero(8)', (j) => lastzero(8, j), lastzeroTraces(8)],
  ['readers-writers(4, 1)', (j) => readersWriters(4, 1, j), 16],
  ['readers-writers(2, 3)', (j) => readersWriters(2, 3, j), fact(3) * 4 ** 2],
];

describe('DPOR benchmarks with WaitGroup and channel joins: complete executions = published traces', () => {
  for (const join of ['waitgroup', 'channels'] as const) {
    for (const [name, program, traces] of table) {
      it(`${name}, ${join} join: ${traces} executions, all traces, 0 sleep-blocked`, async () => {
        const r = await explore(program(join), { strategy: 'exhaustive', schedules: 100_000, stopOnFirstFailure: false, shrink: false, sharedState: 'objects' });
        expect(r.ok && r.exhausted).toBe(true);
        expect(r.stats.strategy).toMatchObject({ classes: traces, sleepBlocked: 0, unreversible: 0, walkedBack: 0, guideMisses: 0 });
        expect(r.schedules).toBe(traces);
      });
    }
  }
});
