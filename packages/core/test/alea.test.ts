import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Alea } from '../src/runtime/alea.ts';

describe('Alea', () => {
  it('draws what seedrandom.alea draws, for any seed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer({ min: 1, max: 200 }), (seed, draws) => {
        const ours = new Alea(seed);
        const theirs = seedrandom.alea(seed);
        for (let i = 0; i < draws; i++) expect(ours.next()).toBe(theirs());
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('draws what seedrandom.alea draws for the seeds explorations use', () => {
    for (let i = 0; i < 1000; i++) {
      const seed = `1:${i}`;
      const ours = new Alea(seed);
      const theirs = seedrandom.alea(seed);
      for (let k = 0; k < 20; k++) expect(ours.next()).toBe(theirs());
    }
  });
});
