/**
 * Exhaustive search with DPOR on simulated programs: exact class counts on tiny
 * programs, and agreement with plain depth-first search (every trace found by
 * DFS is found by DPOR, and DPOR never runs two complete executions of one trace).
 */
import { describe, expect, it } from 'vitest';
import { countExecutions } from '../support/count.ts';
import { abba, filesystem, lastzero, lockedCounter, lostUpdate, mainExitsEarly, randomBranch, readersWriters, twoOps } from '../support/programs.ts';
import type { SimProgram } from '../support/sim.ts';

describe('exhaustive: tiny programs', () => {
  it('2 goroutines x 1 op on different objects: 1 class', async () => {
    const c = await countExecutions(twoOps(false, 'store', 'store'));
    expect(c).toMatchObject({ classes: 1, distinct: 1, schedules: 1, exhausted: true });
  });

  it('2 goroutines x 1 store on the same object: 2 classes', async () => {
    const c = await countExecutions(twoOps(true, 'store', 'store'));
    expect(c).toMatchObject({ classes: 2, distinct: 2, exhausted: true });
  });

  it('2 loads of the same object are independent: 1 class', async () => {
    const c = await countExecutions(twoOps(true, 'load', 'load'));
    expect(c).toMatchObject({ classes: 1, distinct: 1, exhausted: true });
  });

  it('a load and a store of the same object: 2 classes', async () => {
    const c = await countExecutions(twoOps(true, 'load', 'store'));
    expect(c).toMatchObject({ classes: 2, distinct: 2, exhausted: true });
  });

  it('random decisions are branches: 3 answers x orders', async () => {
    const dfs = await countExecutions(randomBranch(), { por: false });
    const dpor = await countExecutions(randomBranch());
    expect(dpor.classes).toBe(dfs.distinct);
    expect(dpor.classes).toBe(4); // k=0: x written by both (2 orders); k=1,2: independent (1 each)
  });

  it('main returning early disables the other goroutine: both outcomes', async () => {
    const dfs = await countExecutions(mainExitsEarly(), { por: false });
    const dpor = await countExecutions(mainExitsEarly());
    expect(dpor.classes).toBe(dfs.distinct);
    expect(dpor.classes).toBe(3); // late never starts; starts only; stores before main's store
  });
});

const suite: [string, SimProgram][] = [
  ['lastzero(2)', lastzero(2)],
  ['file system(3 threads, 4 blocks)', filesystem(3, 4, 3)],
  ['readers-writers(2,2)', readersWriters(2, 2)],
  ['lost update', lostUpdate(2)],
  ['lost update x3', lostUpdate(3)],
  ['abba', abba()],
  ['locked counter 2x2', lockedCounter(2, 2)],
  ['main exits early', mainExitsEarly()],
  ['random branch', randomBranch()],
];

/**
 * The simulated Mutex hands the lock over on unlock (FIFO), in the unlocker's
 * step. A blocked lock is no event, so the reduction takes "wait, then be handed
 * the lock" and "lock after the unlock" as one trace; the class hash tells them
 * apart (DPOR complete runs, DFS class hashes).
 */
const handOff: Record<string, [dpor: number, dfs: number]> = { 'locked counter 2x2': [24, 28] };

describe('exhaustive: DPOR agrees with plain DFS', () => {
  for (const [name, program] of suite) {
    it(name, async () => {
      const dfs = await countExecutions(program, { por: false });
      const dpor = await countExecutions(program);
      expect(dfs.exhausted && dpor.exhausted).toBe(true);
      expect(dpor.schedules).toBeLessThanOrEqual(dfs.schedules);
      const expected = handOff[name];
      if (expected !== undefined) {
        expect([dpor.classes, dfs.distinct]).toEqual(expected);
        expect(dpor.distinct).toBe(dpor.classes);
        return;
      }
      // Every trace DFS saw is explored, and no trace twice among complete runs.
      expect(dpor.classes).toBe(dfs.distinct);
      expect(dpor.distinct).toBe(dfs.distinct);
    });
  }
});
