/**
 * explore() end to end on the real runtime: every strategy finds a lost update,
 * a deadlock and a leak; the failure carries its finding, 1-based schedule index,
 * replay token and interleaving; budgets and stopOnFirstFailure behave.
 */
import { describe, expect, it } from 'vitest';
import { explore, replay, type ExploreOptions } from '../src/index.ts';
import { abba, leakySend, lostUpdate, spinner } from './support/programs-core.ts';
import { twoOps } from './support/benchmarks.ts';

const strategies: ExploreOptions['strategy'][] = ['random', 'pct', 'exhaustive', undefined];

describe('explore finds bugs', () => {
  for (const strategy of strategies) {
    const name = strategy ?? 'default portfolio';
    it(`${name}: a lost update (panic)`, async () => {
      const r = await explore(lostUpdate, { strategy, schedules: 500, seed: 3 });
      expect(r.ok).toBe(false);
      expect(r.failure?.kind).toBe('panic');
      expect(r.failure?.message).toContain('lost update');
      expect(r.failure?.schedule).toBeGreaterThanOrEqual(1);
      expect(r.failure?.schedule).toBe(r.schedules);
      // Letting a new goroutine run first at its go() counts as a preemption too: the
      // shrunk schedule of random search may keep two such where one switch would do.
      expect(r.failure?.preemptions).toBeLessThanOrEqual(strategy === 'random' ? 2 : 1);
    });

    it(`${name}: a lock-order deadlock`, async () => {
      const r = await explore(abba, { strategy, schedules: 500, seed: 3 });
      expect(r.failure?.kind).toBe('deadlock');
      expect(r.failure?.text).toContain('all goroutines are asleep');
      expect(r.failure?.text).toContain('interleaving:');
    });

    it(`${name}: a leak`, async () => {
      const r = await explore(leakySend, { strategy, schedules: 50 });
      expect(r.failure?.kind).toBe('leak');
    });
  }

  it('reports the interleaving with goroutines, operations and locations', async () => {
    const r = await explore(lostUpdate, { strategy: 'exhaustive' });
    const text = r.failure?.interleaving ?? '';
    expect(text).toMatch(/^interleaving: \d+ steps, 1 preemption/);
    expect(text).toMatch(/\* g\d+ worker\d/);
    expect(text).toMatch(/programs-core\.ts:\d+:\d+/);
    expect(r.failure?.text.endsWith(text)).toBe(true);
  });

  it('a step limit is a finding', async () => {
    const r = await explore(spinner, { schedules: 5, maxSteps: 200 });
    expect(r.failure?.kind).toBe('step-limit');
    expect(r.failure?.replay).toMatch(/:s200$/);
    const again = await replay(spinner, r.failure!.replay);
    expect(again.findings[0]?.kind).toBe('step-limit');
  });
});

describe('explore budgets and results', () => {
  it('a clean small program is covered: exhausted', async () => {
    const r = await explore(twoOps(true, 'store', 'store'), { sharedState: 'objects' });
    // 2 classes: the exhaustive runs at schedules 1 and 3, PCT runs schedule 2.
    expect(r).toMatchObject({ ok: true, exhausted: true, schedules: 3 });
    expect(r.stats).toMatchObject({ classes: 2, distinctStates: 2, failingSchedules: 0 });
  });

  it('random never claims to be exhausted, and runs the budget', async () => {
    const r = await explore(twoOps(true, 'store', 'store'), { strategy: 'random', schedules: 30, sharedState: 'objects' });
    expect(r).toMatchObject({ ok: true, exhausted: false, schedules: 30 });
    expect(r.stats.classes).toBe(2);
  });

  it('stopOnFirstFailure: false collects failures, one per distinct finding', async () => {
    const r = await explore(lostUpdate, { strategy: 'random', schedules: 60, stopOnFirstFailure: false, seed: 1 });
    expect(r.schedules).toBe(60);
    expect(r.failures?.length).toBe(1);
    expect(r.failure).toEqual(r.failures?.[0]);
    expect(r.stats.failingSchedules).toBeGreaterThan(1);
  });

  it('timeBudgetMs only ends the exploration early', async () => {
    const none = await explore(lostUpdate, { strategy: 'random', timeBudgetMs: 0 });
    expect(none).toMatchObject({ ok: true, schedules: 0 });
    const full = await explore(lostUpdate, { strategy: 'random', seed: 9 });
    const timed = await explore(lostUpdate, { strategy: 'random', seed: 9, timeBudgetMs: 60_000 });
    expect(JSON.stringify(timed)).toBe(JSON.stringify(full));
  });

  it('statistics: schedules per second is there but not serialized', async () => {
    const r = await explore(twoOps(false, 'store', 'store'), { strategy: 'random', schedules: 20 });
    expect(r.stats.schedulesPerSecond).toBeGreaterThan(0);
    expect(JSON.stringify(r.stats)).not.toContain('PerSecond');
  });

  it('a custom strategy plugs in', async () => {
    const r = await explore(twoOps(true, 'store', 'store'), {
      schedules: 3,
      strategy: { name: 'last', exhausted: false, next: () => ({ choose: (d) => d.options - 1 }), report: () => {} },
    });
    expect(r.schedules).toBe(3);
    expect(r.stats.classes).toBe(1);
  });

  it('an unknown strategy name is a clear error', async () => {
    await expect(explore(lostUpdate, { strategy: 'bfs' as 'random' })).rejects.toThrow(/unknown strategy "bfs"/);
  });
});
