/**
 * The race detector on every fixture of @interleave/fixtures: precision (no race on
 * a fixture that does not expect one, in any schedule tried) and recall (a race in
 * every schedule tried on a fixture that expects one in every schedule). And the
 * partial-deadlock detector on every fixture: no fixture has a lock or channel
 * cycle beyond the deadlocks it expects, so its kinds stay exactly the expected ones.
 */
import { run } from '@interleave/core';
import { fixtures } from '@interleave/fixtures';
import { describe, expect, it } from 'vitest';
import { deadlockDetector, raceDetector } from '../../src/index.ts';
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

describe('fixtures under the partial-deadlock detector', () => {
  for (const fx of fixtures) {
    // The kinds of the other detectors (races, lock order) are theirs to report.
    const want = [...new Set(fx.expect.filter((k) => k !== 'race' && k !== 'lock-order'))].sort();
    it(`${fx.name}: exactly [${want.join(', ')}]${fx.someSchedules ? ' across seeds' : ''}`, async () => {
      const seen = new Set<string>();
      for (const seed of SEEDS) {
        const r = await run(fx.program, { seed, monitors: [deadlockDetector] });
        const kinds = [...new Set(r.findings.map((f) => f.kind))].sort();
        kinds.forEach((k) => seen.add(k));
        if (!fx.someSchedules) expect(kinds, `seed ${seed}: ${r.findings.map((f) => f.text).join('\n')}`).toEqual(want);
      }
      expect([...seen].sort()).toEqual(want);
    });
  }
});
