/**
 * Shrinking: the reported schedule never has more preemptions or steps than the
 * one found, still gives a finding of the same kind when replayed, and reaches
 * the minimum on programs whose minimum is known.
 */
import type { Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore, replay } from '../src/index.ts';
import { abba, lostUpdate, lostUpdate3 } from './support/programs-core.ts';

const programs: [string, Program][] = [['lost update', lostUpdate], ['lost update x3', lostUpdate3], ['abba', abba]];

describe('shrinking never makes a failure longer', () => {
  for (const [name, program] of programs) {
    for (const seed of [1, 2, 3, 4]) {
      it(`${name}, random seed ${seed}`, async () => {
        const r = await explore(program, { strategy: 'random', seed, schedules: 2000 });
        const f = r.failure!;
        expect(f).toBeDefined();
        expect(f.preemptions).toBeLessThanOrEqual(f.original.preemptions);
        expect(f.steps).toBeLessThanOrEqual(f.original.steps);
        const again = await replay(program, f.replay);
        expect(again.findings.some((x) => x.kind === f.kind)).toBe(true);
        expect(again.steps).toBe(f.steps);
      });
    }
  }
});

describe('shrinking reaches known minimums', () => {
  it('a lost update needs exactly one preemption', async () => {
    for (const seed of [1, 2, 3]) {
      const r = await explore(lostUpdate3, { strategy: 'random', seed });
      expect(r.failure?.preemptions).toBe(1);
    }
  });

  it('the lock-order deadlock needs one preemption', async () => {
    const r = await explore(abba, { strategy: 'pct', seed: 7 });
    expect(r.failure?.preemptions).toBe(1);
  });

  it('shrink: false reports the schedule as found', async () => {
    const r = await explore(lostUpdate3, { strategy: 'random', seed: 1, shrink: false });
    expect(r.failure?.replay).toBe(r.failure?.original.replay);
  });
});
