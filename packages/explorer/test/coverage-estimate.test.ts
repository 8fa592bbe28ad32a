/**
 * The Good–Turing estimate of `coverage.newClassChance` (I. J. Good, 1953), on a
 * program with a known number of interleaving classes: three random decisions of
 * two values each (`randomInt(2)`, one goroutine, nothing that blocks), so every
 * class is one combination of choices: 2 · 2 · 2 = 8 classes, for every strategy
 * alike. Sampling (random) converges to 0 as every class is seen again and again;
 * the exhaustive search reports 0 once complete, and meanwhile (each class run
 * once) stays at 1: its schedules are not samples.
 */
import { randomInt } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore } from '@interleave/explorer';

const CLASSES = 2 * 2 * 2;

const program = (): void => {
  const picks = [randomInt(2), randomInt(2), randomInt(2)];
  if (picks.length !== 3) throw new Error('unreachable');
};

describe('coverage.newClassChance', () => {
  it('the exhaustive search finds exactly the known classes, and a complete exploration reports 0', async () => {
    const r = await explore(program, { strategy: 'exhaustive', sharedState: 'objects' });
    expect(r.coverage).toMatchObject({ complete: true, classes: CLASSES, newClassChance: 0 });
    // Every class run once: as samples they would say "all new" (seenOnce / schedules = 1).
    expect(r.coverage.seenOnce).toBe(CLASSES);
    const partial = await explore(program, { strategy: 'exhaustive', sharedState: 'objects', schedules: 3 });
    expect(partial.coverage).toMatchObject({ complete: false, classes: 3, seenOnce: 3, newClassChance: 1 });
  });

  it('is seenOnce / schedules for samples, and converges to 0 as every class is seen more than once', async () => {
    const chances: number[] = [];
    for (const schedules of [4, 16, 64, 256, 1024]) {
      const { coverage: c } = await explore(program, { strategy: 'random', sharedState: 'objects', schedules, seed: 11 });
      expect(c.complete).toBe(false);
      expect(c.classes).toBeLessThanOrEqual(CLASSES);
      expect(c.seenOnce).toBeLessThanOrEqual(c.classes);
      expect(c.newClassChance).toBe(c.seenOnce / c.schedules);
      chances.push(c.newClassChance);
      if (schedules === 1024) expect(c).toMatchObject({ classes: CLASSES, seenOnce: 0, newClassChance: 0 });
    }
    expect(chances[0]).toBeGreaterThan(0);
    expect(chances.at(-1)).toBe(0);
  });

  it('before any schedule, the next one is surely new', async () => {
    const r = await explore(program, { schedules: 0 });
    expect(r.coverage).toMatchObject({ schedules: 0, classes: 0, seenOnce: 0, newClassChance: 1 });
  });
});
