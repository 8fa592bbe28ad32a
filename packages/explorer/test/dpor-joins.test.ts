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
 * Sleep-set-blocked runs: none, except on lastzero, where source sets without
 * wakeup trees start runs that a sleep set then cuts (the reduction is not
 * optimal there; the counts below are measured, and say by how much).
 */
import type { Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore } from '../src/index.ts';
import { filesystem, indexer, lastzero, readersWriters, type Join } from './support/benchmarks.ts';

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));

const table: [name: string, program: (join: Join) => Program, traces: number, sleepBlocked: number][] = [
  ['indexer(12)', (j) => indexer(12, j), 8, 0],
  ['indexer(13)', (j) => indexer(13, j), 64, 0],
  ['file system(14)', (j) => filesystem(14, j), 2, 0],
  ['file system(16)', (j) => filesystem(16, j), 8, 0],
  ['lastzero(3)', (j) => lastzero(3, j), 12, 0],
  ['lastzero(5)', (j) => lastzero(5, j), 64, 7],
  ['readers-writers(4, 1)', (j) => readersWriters(4, 1, j), 16, 0],
  ['readers-writers(2, 3)', (j) => readersWriters(2, 3, j), fact(3) * 4 ** 2, 0],
];

describe('DPOR benchmarks with WaitGroup and channel joins: complete executions = published traces', () => {
  for (const join of ['waitgroup', 'channels'] as const) {
    for (const [name, program, traces, sleepBlocked] of table) {
      it(`${name}, ${join} join: ${traces} traces, ${sleepBlocked} sleep-blocked`, async () => {
        const r = await explore(program(join), { strategy: 'exhaustive', schedules: 100_000, stopOnFirstFailure: false, shrink: false, sharedState: 'objects' });
        expect(r.ok && r.exhausted).toBe(true);
        expect(r.stats.strategy).toMatchObject({ classes: traces, sleepBlocked, unreversible: 0 });
        expect(r.schedules).toBe(traces + sleepBlocked);
      });
    }
  }
});
