/**
 * The random and PCT schedulers driven by synthetic decisions: uniformity,
 * determinism per seed, PCT's strict priorities and change points, and PCT's
 * probabilistic guarantee on a simulated depth-2 bug.
 */
import { describe, expect, it } from 'vitest';
import { exploreWith } from '../../src/explore.ts';
import { strategies } from '../../src/index.ts';
import { PctScheduler } from '../../src/strategies/pct.ts';
import { randomScheduler } from '../../src/strategies/random.ts';
import { makeRng, type Rng } from '../../src/strategies/rng.ts';
import { goroutineDecision, otherDecision } from '../support/decisions.ts';
import { simEngine } from '../support/sim.ts';
import { lostUpdate } from '../support/programs.ts';

describe('random scheduler', () => {
  it('is uniform over the options of every kind of decision', () => {
    const s = randomScheduler('u');
    for (const d of [goroutineDecision([1, 2, 3]), otherDecision('select', 3), otherDecision('random', 3)]) {
      const counts = [0, 0, 0];
      for (let i = 0; i < 6000; i++) counts[s.choose(d)]!++;
      for (const c of counts) expect(c).toBeGreaterThan(1700);
    }
  });

  it('is deterministic per seed, and seeds differ', () => {
    const seq = (seed: string): number[] => {
      const s = randomScheduler(seed);
      return Array.from({ length: 50 }, (_, i) => s.choose(goroutineDecision([1, 2, 3, 4], i)));
    };
    expect(seq('a')).toEqual(seq('a'));
    expect(seq('a')).not.toEqual(seq('b'));
  });
});

describe('PCT scheduler', () => {
  it('depth 1: strict priorities, the same goroutine wins while it is runnable', () => {
    const s = new PctScheduler(makeRng('p'), 1, 10);
    const first = s.choose(goroutineDecision([1, 2, 3], 0));
    const winner = [1, 2, 3][first]!;
    for (let i = 1; i < 20; i++) expect([1, 2, 3][s.choose(goroutineDecision([1, 2, 3], i))]).toBe(winner);
    // Without the winner, the next one is just as stable.
    const others = [1, 2, 3].filter((g) => g !== winner);
    const second = others[s.choose(goroutineDecision(others, 20))]!;
    for (let i = 21; i < 30; i++) expect(others[s.choose(goroutineDecision(others, i))]).toBe(second);
  });

  it('depth d: at a change point the goroutine about to run drops below everyone', () => {
    const scripted = (values: number[]): Rng => ({ next: () => values.shift() ?? 0.5 });
    // Depth 1 (no change point): priorities 0.9 (goroutine 1) and 0.1 (goroutine 2): 1 always runs.
    const plain = new PctScheduler(scripted([0.9, 0.1]), 1, 1);
    expect([0, 1, 2].map((i) => plain.choose(goroutineDecision([1, 2], i)))).toEqual([0, 0, 0]);
    // Depth 2, k = 1: the change point is the first decision; goroutine 1 drops to priority 1.
    const pct = new PctScheduler(scripted([0.5, 0.9, 0.1]), 2, 1);
    expect([0, 1, 2].map((i) => pct.choose(goroutineDecision([1, 2], i)))).toEqual([1, 1, 1]);
    // A newcomer gets an initial priority, above the demoted goroutine 1.
    expect(pct.choose(goroutineDecision([1, 3], 3))).toBe(1);
    expect(pct.steps).toBe(4);
    expect(pct.goroutines).toBe(3);
  });

  it('other decisions are uniform', () => {
    const s = new PctScheduler(makeRng('o'), 3, 10);
    const counts = [0, 0];
    for (let i = 0; i < 2000; i++) counts[s.choose(otherDecision('select', 2, i))]!++;
    expect(Math.min(...counts)).toBeGreaterThan(850);
  });

  it('finds a depth-2 lost update with at least the guaranteed probability 1/(n·k)', async () => {
    const r = await exploreWith(simEngine(), lostUpdate(2), {
      strategy: 'pct', pctDepth: 2, schedules: 400, seed: 1, stopOnFirstFailure: false, shrink: false,
    });
    const n = r.stats.strategy['pctN']!;
    const k = r.stats.strategy['pctK']!;
    expect(r.stats.failingSchedules / r.schedules).toBeGreaterThanOrEqual(1 / (n * k));
  });
});

describe('registry', () => {
  it('lists the built-in strategies', () => {
    expect(Object.keys(strategies).sort()).toEqual(['exhaustive', 'pct', 'portfolio', 'random']);
    for (const make of Object.values(strategies)) expect(make({ schedules: 10 }).exhausted).toBe(false);
  });
});
