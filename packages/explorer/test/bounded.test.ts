/**
 * Preemption bounding (CHESS): with `maxPreemptions: k`, the exhaustive search
 * covers every interleaving class reachable with at most k preemptions (the same
 * classes as plain bounded depth-first search), and says `exhausted` for that
 * bounded space.
 */
import type { Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore, type ExploreOptions } from '../src/index.ts';
import { readersWriters } from './support/benchmarks.ts';
import { abba, lostUpdate, lostUpdate3 } from './support/programs-core.ts';
import { mixedPrograms } from './support/programs-mixed.ts';

const programs: [string, Program][] = [
  ...mixedPrograms.filter(([n]) => !n.includes('leaks off')),
  ['readers-writers(2, 2)', readersWriters(2, 2)],
  ['abba', abba],
];

describe('bounded exhaustive search', () => {
  it('a lost update needs one preemption: clean and exhausted with 0, found with 1', async () => {
    const none = await explore(lostUpdate, { strategy: 'exhaustive', maxPreemptions: 0 });
    expect(none).toMatchObject({ ok: true, exhausted: true });
    const one = await explore(lostUpdate, { strategy: 'exhaustive', maxPreemptions: 1 });
    expect(one.failure?.kind).toBe('panic');
    expect(one.failure?.preemptions).toBe(1);
  });

  for (const [name, program] of programs) {
    for (const k of [0, 1]) {
      it(`${name}, at most ${k} preemption(s): the classes bounded DFS finds`, async () => {
        const o: ExploreOptions = { strategy: 'exhaustive', schedules: 20_000, maxPreemptions: k, stopOnFirstFailure: false, shrink: false };
        const dpor = await explore(program, o);
        const dfs = await explore(program, { ...o, por: false });
        expect(dpor.exhausted && dfs.exhausted).toBe(true);
        expect(dpor.stats.classes).toBe(dfs.stats.classes);
        expect(dpor.schedules).toBeLessThanOrEqual(dfs.schedules);
      });
    }
  }

  it('bounded search stays small where the unbounded one grows', async () => {
    const bounded = await explore(lostUpdate3, { strategy: 'exhaustive', maxPreemptions: 1, schedules: 100_000, stopOnFirstFailure: false, shrink: false });
    expect(bounded.exhausted).toBe(true);
    expect(bounded.schedules).toBeLessThan(200);
  });
});
