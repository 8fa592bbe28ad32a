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
      expect(dpor.stats.classes).toBe(dfs.stats.classes);
      expect(dpor.stats.strategy['classes']).toBe(dfs.stats.classes);
      expect(dpor.schedules).toBeLessThanOrEqual(dfs.schedules);
    });
  }
});
