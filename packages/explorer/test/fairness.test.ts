/**
 * Fair scheduling through every strategy: core leaves a goroutine that yielded
 * without progress out of the goroutines it offers (see docs/runtime.md), so
 * spin-waits end quickly under random, PCT, exhaustive DPOR and the portfolio,
 * and the deadlock behind a poller is found.
 */
import { describe, expect, it } from 'vitest';
import { go, gosched, Atomic, Mutex, holdVirtualGlobals } from '@interleave/core';
import { explore } from '../src/index.ts';
import { plainFieldSpin, pollers } from '../../core/test/support/pollers.ts';

const STRATEGIES = ['random', 'pct', 'exhaustive', undefined] as const;

describe('fair scheduling in every strategy', () => {
  for (const strategy of STRATEGIES) {
    it(`${strategy ?? 'portfolio'}: a spin on a plain field ends (a bare gosched three times in a row is a spin)`, async () => {
      for (const pctDepth of strategy === 'pct' ? [1, 2, 3] : [3]) {
        const r = await explore(plainFieldSpin, { strategy, pctDepth, schedules: 100, seed: 1, maxSteps: 20_000, stopOnFirstFailure: false });
        expect([pctDepth, r.ok, r.failure?.message]).toEqual([pctDepth, true, undefined]);
      }
    });
  }

  for (const strategy of STRATEGIES) {
    it(`${strategy ?? 'portfolio'}: every polling shape passes (no schedule reaches the step limit)`, async () => {
      for (const [name, program] of Object.entries(pollers)) {
        const r = await explore(program, { strategy, schedules: 200, seed: 1 });
        expect([name, r.ok, r.failure?.message]).toEqual([name, true, undefined]);
      }
    });
  }

  for (const strategy of STRATEGIES) {
    it(`${strategy ?? 'portfolio'}: finds the AB-BA deadlock behind a spin-wait`, async () => {
      const r = await explore(async () => {
        const ready = new Atomic(false);
        const a = new Mutex('a');
        const b = new Mutex('b');
        go(async () => {
          await ready.store(true);
          await b.lock();
          await a.lock();
          a.unlock();
          b.unlock();
        });
        while (!(await ready.load())) await gosched();
        await a.lock();
        await b.lock();
        b.unlock();
        a.unlock();
      }, { strategy, schedules: 500, seed: 1 });
      expect(r.failure?.kind).toBe('deadlock');
    });
  }

  it('exhaustive: the spin-wait space is covered completely', async () => {
    const r = await explore(pollers['atomic spin-wait with gosched']!, { strategy: 'exhaustive', schedules: 10_000 });
    expect([r.ok, r.exhausted]).toEqual([true, true]);
  });
});

describe('virtual globals across an exploration', () => {
  it('stay in place between its runs and are all back when explore returns', async () => {
    const before = [globalThis.setTimeout, globalThis.Date, globalThis.setImmediate];
    const between: boolean[] = [];
    const r = await explore(async () => {
      between.push(globalThis.setTimeout === before[0]);
      await gosched();
    }, { strategy: 'random', schedules: 5, seed: 1 });
    expect(r.ok).toBe(true);
    expect(between).toEqual([false, false, false, false, false]); // virtual inside every run
    expect([globalThis.setTimeout, globalThis.Date, globalThis.setImmediate]).toEqual(before);
    // Nested holds: the originals come back with the last release only.
    const outer = holdVirtualGlobals();
    await explore(async () => { await gosched(); }, { schedules: 2 });
    expect(globalThis.setTimeout).not.toBe(before[0]);
    outer();
    expect(globalThis.setTimeout).toBe(before[0]);
  });
});
