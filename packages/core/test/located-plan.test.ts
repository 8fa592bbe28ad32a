/**
 * The located re-run of a failing run captures source locations only where its
 * reports show them (`locationsFor`, site-plan.ts): the same report text as a
 * run that captures at every scheduling point, with a few captures instead of
 * one per step.
 */
import { describe, expect, it } from 'vitest';
import { Mutex, WaitGroup, chan, go, run, type Monitor, type Program, type RunResult } from '@interleave/core';
import { detectors } from '@interleave/race-detector';

/** 2,000 hand-offs on a channel, then main and a worker wait on each other forever. */
const deadlockAfterHandOffs: Program = async () => {
  const ch = chan<number>();
  const stuck = chan<number>();
  go(async () => {
    for (let i = 0; i < 2_000; i++) await ch.send(i);
    await stuck.recv();
  }, 'sender');
  for (let i = 0; i < 2_000; i++) await ch.recv();
  await stuck.recv();
};

/** Many steps, then an AB-BA lock order and a panic in main. */
const lockOrderThenPanic: Program = async () => {
  const a = new Mutex('a');
  const b = new Mutex('b');
  const ch = chan<number>(1);
  const wg = new WaitGroup();
  wg.go(async () => {
    for (let i = 0; i < 500; i++) await ch.send(i);
    await a.lock();
    await b.lock();
    b.unlock();
    a.unlock();
  });
  for (let i = 0; i < 500; i++) await ch.recv();
  await wg.wait();
  await b.lock();
  await a.lock();
  a.unlock();
  b.unlock();
  throw new Error('done badly');
};

/** A monitor counting the steps whose scheduling point has a location. */
function stepSites(): { monitor: () => Monitor; count: () => number } {
  let n = 0;
  return {
    monitor: () => ({ step: (_s: number, _g: number, _op: unknown, site?: unknown) => void (site !== undefined && n++) }),
    count: () => n,
  };
}

async function bothWays(program: Program): Promise<{ first: RunResult; everywhere: RunResult; planned: RunResult; full: number; few: number }> {
  const monitors = detectors();
  const first = await run(program, { seed: 3, locations: false, monitors });
  expect(first.ok).toBe(false);
  const full = stepSites();
  const everywhere = await run(program, { replay: first.schedule, locations: true, monitors: [...monitors, full.monitor] });
  const few = stepSites();
  const planned = await run(program, { replay: first.schedule, locations: true, locationsFor: first, monitors: [...monitors, few.monitor] });
  return { first, everywhere, planned, full: full.count(), few: few.count() };
}

describe('located re-run with the plain run\'s plan', () => {
  it('a deadlock after 4,000 steps: the same report, located at a few scheduling points (must match the fully located run)', async () => {
    const { first, everywhere, planned, full, few } = await bothWays(deadlockAfterHandOffs);
    expect(first.steps).toBeGreaterThan(4_000);
    expect(planned.findings.map((f) => f.text)).toEqual(everywhere.findings.map((f) => f.text));
    expect(planned.findings[0]!.text).toContain('located-plan.test.ts:');
    expect(full).toBeGreaterThan(4_000);
    expect(few).toBeLessThan(40);
  });

  it('lock-order and panic reports keep every lock location (must match the fully located run)', async () => {
    const { everywhere, planned, few, full } = await bothWays(lockOrderThenPanic);
    const kinds = planned.findings.map((f) => f.kind);
    expect(kinds).toContain('lock-order');
    expect(kinds).toContain('panic');
    expect(planned.findings.map((f) => f.text)).toEqual(everywhere.findings.map((f) => f.text));
    expect(few).toBeLessThan(full / 10);
  });

  it('a plan is ignored for another schedule (must capture everywhere)', async () => {
    const monitors = detectors();
    const first = await run(deadlockAfterHandOffs, { seed: 3, locations: false, monitors });
    const other = await run(lockOrderThenPanic, { seed: 3, locations: false, monitors });
    const full = stepSites();
    await run(deadlockAfterHandOffs, { replay: first.schedule, locations: true, locationsFor: other, monitors: [...monitors, full.monitor] });
    expect(full.count()).toBeGreaterThan(4_000);
  });
});
