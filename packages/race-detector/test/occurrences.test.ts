/**
 * Each detector says at which step of the run each of its findings happened
 * (`stepOf`), so that a run's findings can be listed in order: a race, a
 * lock-order inversion and a lock cycle are noticed at a step before the end;
 * core's own findings, and those a detector makes at the end, have no step.
 */
import { Mutex, go, gosched, run, shared, sleep } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { DeadlockMonitor, FindingLog, LockOrderMonitor, RaceMonitor } from '../src/index.ts';

describe('stepOf', () => {
  it('a race: the step of the second access; a panic after it: none', async () => {
    const race = new RaceMonitor();
    const r = await run(async () => {
      const x = shared(0, 'x');
      go(() => { x.value = 1; });
      await sleep(1);
      if (x.value === 1) throw new Error('read the racy write');
    }, { monitors: [race], locations: false, seed: 1 });
    // In the order they happened: the race (at its step) before the panic it led to.
    expect(r.findings.map((f) => f.kind)).toEqual(['race', 'panic']);
    const [found, panic] = r.findings;
    expect(race.stepOf(panic!)).toBeUndefined();
    expect(race.stepOf(found!)).toBeGreaterThan(0);
    expect(race.stepOf(found!)).toBeLessThan(r.steps);
  });

  it('a lock-order inversion and a lock cycle among goroutines main does not wait for: the step where each closed', async () => {
    const order = new LockOrderMonitor();
    const cycles = new DeadlockMonitor();
    const r = await run(async () => {
      const a = new Mutex('a');
      const b = new Mutex('b');
      go(async () => { await a.lock(); await gosched(); await b.lock(); b.unlock(); a.unlock(); });
      go(async () => { await b.lock(); await gosched(); await a.lock(); a.unlock(); b.unlock(); });
      await sleep(1);
    }, { monitors: [order, cycles], locations: false, seed: 0 });
    // In the order they happened: the detectors' findings, then core's leak (found at the end).
    expect(r.findings.map((f) => f.kind)).toEqual(['lock-order', 'deadlock', 'leak']);
    const [inversion, cycle, leak] = r.findings;
    expect(order.stepOf(leak!) ?? cycles.stepOf(leak!)).toBeUndefined();
    expect(order.stepOf(inversion!)).toBeLessThan(r.steps);
    expect(cycles.stepOf(cycle!)).toBeLessThan(r.steps);
    expect(cycles.stepOf(inversion!)).toBeUndefined();
  });

  it('FindingLog keeps the step in progress with each finding, and forgets at reset', () => {
    const log = new FindingLog();
    const f = { kind: 'race' as const, message: 'm', text: 't', goroutines: [] };
    log.push(f);
    expect(log.stepOf(f)).toBeUndefined();
    log.step = 7;
    const g = { ...f };
    log.push(g);
    expect(log.stepOf(g)).toBe(7);
    expect(g).toMatchObject({ step: 8 });
    expect(log.all()).toEqual([f, g]);
    log.reset();
    expect(log.length).toBe(0);
    expect(log.stepOf(g)).toBeUndefined();
  });
});
