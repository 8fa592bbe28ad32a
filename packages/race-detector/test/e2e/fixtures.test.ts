/**
 * The race detector on every fixture of @interleave/fixtures: precision (no race on
 * a fixture that does not expect one, in any schedule tried) and recall (a race in
 * every schedule tried on a fixture that expects one in every schedule).
 */
import { fixtures } from '@interleave/fixtures';
import { describe, expect, it } from 'vitest';
import { raceDetector } from '../../src/index.ts';
import { findingsPerSeed } from './harness.ts';

const SEEDS = [0, 1, 2, 3, 4];

describe('fixtures under the race detector', () => {
  for (const fx of fixtures) {
    const wantsRace = fx.expect.includes('race');
    it(`${fx.name}: ${wantsRace ? 'a race' : 'no race'}${wantsRace && fx.someSchedules ? ' in some schedule' : ''}`, async () => {
      const per = await findingsPerSeed(fx.program, 'race', [raceDetector], SEEDS, fx.expect.includes('panic'));
      const racy = per.filter((f) => f.length > 0).length;
      if (!wantsRace) expect(per.flat().map((f) => f.message)).toEqual([]);
      else if (fx.someSchedules) expect(racy).toBeGreaterThan(0);
      else expect(racy).toBe(SEEDS.length);
    });
  }
});
