/**
 * Partial-order reduction on the classic DPOR benchmarks (simulated runtime):
 * the complete executions explored equal the number of Mazurkiewicz traces,
 * derived by hand for each family:
 * - indexer(n) (Flanagan, Godefroid POPL 2005): threads t and t+11 collide on 3
 *   slots, each collision has 2 orders, no secondary collision for n <= 22: 8^(n-11).
 * - file system(n) (same paper): threads i and i+13 start at the same block, the
 *   loser takes the next (odd, unused) block: 2^(n-13) for 13 <= n <= 26.
 * - lastzero(n) (Abdulla et al. POPL 2014): the reader stops at k = n (2^(n-1)
 *   traces of the writers' read/write pairs), k = 0 (2^(n-1)) or 0 < k < n
 *   (writer k+1 must read a[k] before it is written: 2^(n-2) each):
 *   (n+3)·2^(n-2).
 * - readers-writers(r, w): writes totally ordered, each read between two of
 *   them: w!·(w+1)^r.
 * Naive depth-first search explodes on the same programs (see the DFS column,
 * measured where it terminates).
 */
import { describe, expect, it } from 'vitest';
import { countExecutions } from '../support/count.ts';
import { filesystem, indexer, lastzero, readersWriters } from '../support/programs.ts';
import type { SimProgram } from '../support/sim.ts';

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));

const table: [string, SimProgram, number][] = [
  ['indexer(11)', indexer(11), 1],
  ['indexer(12)', indexer(12), 8],
  ['indexer(13)', indexer(13), 64],
  ['file system(13)', filesystem(13), 1],
  ['file system(14)', filesystem(14), 2],
  ['file system(16)', filesystem(16), 8],
  ['file system(18)', filesystem(18), 32],
  ['lastzero(2)', lastzero(2), 5],
  ['lastzero(4)', lastzero(4), 7 * 4],
  ['lastzero(6)', lastzero(6), 9 * 16],
  ['readers-writers(4, 1)', readersWriters(4, 1), 16],
  ['readers-writers(3, 3)', readersWriters(3, 3), fact(3) * 4 ** 3],
];

describe('DPOR benchmarks: complete executions = Mazurkiewicz traces', () => {
  for (const [name, program, traces] of table) {
    it(`${name}: ${traces} traces`, async () => {
      const c = await countExecutions(program);
      expect(c.exhausted).toBe(true);
      expect(c.classes).toBe(traces);
      expect(c.distinct).toBe(traces);
      // Optimal (wakeup trees): no run is cut by a sleep set.
      expect(c.schedules).toBe(traces);
    });
  }

  it('naive DFS explodes where DPOR runs a handful (lastzero(2), readers-writers(2, 2))', async () => {
    const dfs = await countExecutions(lastzero(2), { por: false });
    expect(dfs.schedules).toBeGreaterThan(1000);
    expect(dfs.distinct).toBe(5);
    const rw = await countExecutions(readersWriters(2, 2), { por: false });
    expect(rw.distinct).toBe(18);
    expect(rw.schedules).toBeGreaterThan(10_000);
  });
});
