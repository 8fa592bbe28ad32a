/**
 * Partial-order reduction against plain depth-first search on the real runtime,
 * over every kind of primitive (channels, select, timers, mutexes, wait groups,
 * once, context, random values, main returning early): DPOR runs one complete
 * execution per Mazurkiewicz trace that DFS finds, never two for one trace, and
 * far fewer executions in all.
 */
import { describe, expect, it } from 'vitest';
import { explore, type ExploreOptions } from '../src/index.ts';
import { mixedPrograms } from './support/programs-mixed.ts';

/**
 * Where the reduction's traces and the class hash differ, and why (DPOR complete
 * runs, DFS class hashes). A blocked attempt is no event, so the reduction takes a
 * hand-off (a channel send to a waiting receiver, or the receive from a waiting
 * sender) and the same send and receive done without waiting as one trace; the
 * class hash still tells them apart by which side waited, so DFS counts more.
 * ("mutex and shared" was here with 4 DPOR runs for 2 classes, until a lock's
 * race was taken with the lock that opened the critical section before it rather
 * than with its unlock: now 2 and 2, asserted equal below.)
 */
const differs: Record<string, [dpor: number, dfs: number]> = {
  'unbuffered ping-pong': [1, 4],
  'select between two senders': [6, 10],
  // A select's blocked attempt and a Once waiter's are no events either (dpor-wakes.test.ts):
  // the send to a parked select is the one trace; a Once has one trace per caller that opens it.
  'select with send and default': [1, 2],
  once: [2, 4],
};

describe('DPOR covers every trace plain DFS finds', () => {
  for (const [name, program] of mixedPrograms) {
    it(name, async () => {
      const o: ExploreOptions = {
        strategy: 'exhaustive', schedules: 50_000, stopOnFirstFailure: false, shrink: false, sharedState: 'objects', leaks: !name.includes('leaks off'),
      };
      const dpor = await explore(program, o);
      const dfs = await explore(program, { ...o, por: false });
      expect(dpor.ok && dfs.ok).toBe(true);
      expect(dpor.exhausted && dfs.exhausted).toBe(true);
      const expected = differs[name];
      if (expected === undefined) {
        expect(dpor.stats.classes).toBe(dfs.stats.classes);
        expect(dpor.stats.strategy['classes']).toBe(dfs.stats.classes);
      } else {
        expect([dpor.stats.strategy['classes'], dfs.stats.classes]).toEqual(expected);
      }
      expect(dpor.schedules).toBeLessThanOrEqual(dfs.schedules);
    });
  }
});
