/**
 * `sharedState` and `coverage`: with the default ('anywhere') plain JavaScript
 * state counts as shared, so a limiter whose state is plain object fields fails
 * under the default strategy; declaring `sharedState: 'objects'` (false for this
 * program) lets the reduction reorder the steps that touch those fields, and the
 * exploration is complete under that stated assumption without the bug. Every
 * result says what it covered and under which assumption.
 */
import { WaitGroup, chan, shared } from '@interleave/core';
import { fixtures } from '@interleave/fixtures';
import { describe, expect, it } from 'vitest';
import { explore } from '../src/index.ts';

const limiter = fixtures.find((f) => f.name === 'limiter-plain-fields')!.program;

describe('sharedState', () => {
  it('default: the limiter with plain fields fails (default and exhaustive strategies)', async () => {
    for (const strategy of [undefined, 'exhaustive'] as const) {
      const r = await explore(limiter, { strategy, seed: 0 });
      expect(r.failure?.message).toMatch(/2 holders under a limit of 1/);
      expect(r.coverage.assumption).toBe('plain JavaScript state may be shared between goroutines');
    }
  });

  it("'objects' (a wrong claim for this program): exhaustive search is complete under it and misses the bug", async () => {
    const r = await explore(limiter, { strategy: 'exhaustive', sharedState: 'objects' });
    expect(r.ok).toBe(true);
    expect(r.coverage).toMatchObject({ complete: true, assumption: 'all shared state lives in interleave objects' });
  });

  it('the same counter in shared(): found under both assumptions', async () => {
    const program = async (): Promise<void> => {
      const n = shared(0, 'n');
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) {
        wg.go(async () => {
          const v = n.value;
          await chan<void>(1).send();
          n.value = v + 1;
        });
      }
      await wg.wait();
      if (n.value !== 2) throw new Error(`lost update: ${n.value}`);
    };
    for (const sharedState of ['anywhere', 'objects'] as const) {
      const r = await explore(program, { strategy: 'exhaustive', sharedState });
      expect(r.failure?.message, sharedState).toMatch(/lost update/);
    }
  });
});

describe('coverage', () => {
  it('a complete exploration says so, with its classes and schedules; exhausted equals complete', async () => {
    const program = async (): Promise<void> => {
      const a = chan<number>(1);
      const b = chan<number>(1);
      const wg = new WaitGroup();
      wg.go(() => a.send(1));
      wg.go(() => b.send(2));
      await wg.wait();
    };
    const objects = await explore(program, { strategy: 'exhaustive', sharedState: 'objects' });
    expect(objects.coverage).toEqual({ complete: true, assumption: 'all shared state lives in interleave objects', classes: objects.stats.classes, schedules: objects.schedules, seenOnce: objects.coverage.seenOnce, newClassChance: 0 });
    const anywhere = await explore(program, { strategy: 'exhaustive' });
    expect(anywhere.coverage.complete).toBe(true);
    expect(anywhere.exhausted).toBe(true);
    // Under 'anywhere' the two goroutines' steps may touch the same plain state: more orders run.
    expect(anywhere.schedules).toBeGreaterThan(objects.schedules);
  });

  it('a budget that runs out: not complete', async () => {
    const r = await explore(limiter, { strategy: 'random', schedules: 3, seed: 5 });
    expect(r.coverage.complete).toBe(false);
    expect(r.exhausted).toBe(false);
    expect(r.coverage.schedules).toBe(r.schedules);
  });
});
