/**
 * Partial-order reduction with the real runtime: the classic DPOR benchmarks
 * (see support/benchmarks.ts) explored exhaustively run exactly one complete
 * execution per Mazurkiewicz trace; the counts are derived by hand in
 * strategies/dpor-benchmarks.test.ts (indexer 8^(n-11), file system 2^(n-13),
 * lastzero (n+3)·2^(n-2), readers-writers w!·(w+1)^r).
 */
import type { Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore } from '../src/index.ts';
import { filesystem, indexer, lastzero, readersWriters, twoOps } from './support/benchmarks.ts';

async function count(program: Program, por = true): Promise<{ schedules: number; classes: number; distinct: number; exhausted: boolean }> {
  const r = await explore(program, { strategy: 'exhaustive', schedules: 100_000, por, stopOnFirstFailure: false, shrink: false, sharedState: 'objects' });
  expect(r.ok).toBe(true);
  return { schedules: r.schedules, classes: r.stats.strategy['classes'] ?? -1, distinct: r.stats.classes, exhausted: r.exhausted };
}

describe('exhaustive on core: tiny programs', () => {
  it('2 goroutines x 1 op on different objects: 1 class, 1 execution', async () => {
    expect(await count(twoOps(false, 'store', 'store'))).toEqual({ schedules: 1, classes: 1, distinct: 1, exhausted: true });
  });
  it('2 goroutines x 1 store on the same object: 2 classes', async () => {
    expect(await count(twoOps(true, 'store', 'store'))).toEqual({ schedules: 2, classes: 2, distinct: 2, exhausted: true });
  });
  it('2 loads of the same Atomic are independent: 1 class', async () => {
    expect(await count(twoOps(true, 'load', 'load'))).toEqual({ schedules: 1, classes: 1, distinct: 1, exhausted: true });
  });
  it('plain DFS runs every interleaving of the same program', async () => {
    const dfs = await count(twoOps(false, 'store', 'store'), false);
    expect(dfs.distinct).toBe(1);
    expect(dfs.schedules).toBeGreaterThan(1);
  });
});

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));

const table: [string, Program, number][] = [
  ['indexer(12)', indexer(12), 8],
  ['indexer(13)', indexer(13), 64],
  ['file system(14)', filesystem(14), 2],
  ['file system(16)', filesystem(16), 8],
  ['lastzero(3)', lastzero(3), 12],
  ['lastzero(5)', lastzero(5), 64],
  ['readers-writers(4, 1)', readersWriters(4, 1), 16],
  ['readers-writers(2, 3)', readersWriters(2, 3), fact(3) * 4 ** 2],
];

describe('exhaustive on core: DPOR benchmarks', () => {
  for (const [name, program, traces] of table) {
    it(`${name}: ${traces} Mazurkiewicz traces`, async () => {
      const c = await count(program);
      expect(c.exhausted).toBe(true);
      expect(c.classes).toBe(traces);
      expect(c.distinct).toBe(traces);
      // Optimal (wakeup trees): no run is cut by a sleep set.
      expect(c.schedules).toBe(traces);
    });
  }
});
