/**
 * Every detector of race-detector through `explore({ race: true })`: each bug
 * is reported, its minimal fix is clean, and without `race` the detector's
 * finding is not there (core alone does not see it). The same findings come
 * back from `replay`, from worker threads, and from the fast-check bridge.
 */
import type { Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore, replay, type ExploreResult, type Failure } from '../src/index.ts';
import { runSchedule, schedule } from '../src/fast-check/index.ts';
import * as p from './support/detector-programs.ts';

interface Case {
  detector: string;
  bug: keyof typeof p;
  fix: keyof typeof p;
  /** What the detector reports: kind and a piece of the report. */
  kind: Failure['kind'];
  text: string;
  /** What core reports without the detectors, in some schedule ('clean': nothing). */
  alone: string;
}

const cases: Case[] = [
  { detector: 'data races', bug: 'unlockedIncrements', fix: 'lockedIncrements', kind: 'race', text: 'WARNING: DATA RACE', alone: 'clean' },
  { detector: 'WaitGroup misuse', bug: 'addInside', fix: 'addBefore', kind: 'race', text: 'WaitGroup.add called concurrently with wait', alone: 'clean' },
  { detector: 'lock-order inversions', bug: 'oppositeOrders', fix: 'sameOrder', kind: 'lock-order', text: 'POTENTIAL DEADLOCK: inconsistent lock order', alone: 'clean' },
  { detector: 'recursive locking', bug: 'readLockTwice', fix: 'readLockOnce', kind: 'lock-order', text: 'recursive locking', alone: 'clean' },
  { detector: 'lock cycles (partial deadlocks)', bug: 'lockCycle', fix: 'noLockCycle', kind: 'deadlock', text: 'DEADLOCK: goroutines wait for each other in a cycle', alone: 'leak' },
  { detector: 'channel cycles (partial deadlocks)', bug: 'channelCycle', fix: 'noChannelCycle', kind: 'deadlock', text: 'the only other goroutine that ever received from', alone: 'leak' },
];

function kinds(r: ExploreResult): string {
  return [...new Set((r.failures ?? []).map((f) => f.kind))].sort().join(',') || 'clean';
}

function found(r: ExploreResult, c: Case): Failure | undefined {
  return r.failures?.find((f) => f.kind === c.kind && f.text.includes(c.text));
}

describe('every detector through explore({ race: true })', () => {
  for (const c of cases) {
    it(`${c.detector}: ${c.bug} is reported, ${c.fix} is clean`, async () => {
      // Unshrunk: shrinking has its own tests, and a channel cycle costs a full GC per run.
      const all = { schedules: 300, stopOnFirstFailure: false, shrink: false, sharedState: 'objects' } as const;
      const bug = await explore(p[c.bug], { ...all, race: true });
      const failure = found(bug, c);
      expect(failure, kinds(bug)).toBeDefined();
      expect(failure?.replay).toMatch(/:r$/);
      expect(kinds(await explore(p[c.bug], all)), 'without the detectors').toBe(c.alone);
      expect(kinds(await explore(p[c.fix], { ...all, race: true })), 'the fix').toBe('clean');
    });

    it(`${c.detector}: the replay of the report's token has the finding`, async () => {
      const f = found(await explore(p[c.bug], { schedules: 300, stopOnFirstFailure: false, race: true, shrink: false, sharedState: 'objects' }), c)!;
      const again = await replay(p[c.bug], f.replay);
      expect(again.findings.map((x) => x.kind)).toEqual(f.findings.map((x) => x.kind));
      expect(again.findings.some((x) => x.kind === c.kind && x.text.includes(c.text))).toBe(true);
    });
  }
});

describe('the detectors elsewhere', () => {
  it('worker threads run them too: the same result as in this thread', async () => {
    const options = { strategy: 'random', schedules: 40, seed: 3, race: true, stopOnFirstFailure: false } as const;
    const here = await explore(p.oppositeOrders, options);
    const module = new URL('./support/detector-programs.ts', import.meta.url);
    const there = await explore(p.oppositeOrders, { ...options, workers: 2, programModule: { module, export: 'oppositeOrders' } });
    expect(here.failure?.kind).toBe('lock-order');
    expect(JSON.stringify(there)).toBe(JSON.stringify(here));
  });

  it('the fast-check bridge runs them with race: true', async () => {
    const run = await runSchedule(p.readLockTwice, schedule(), { race: true });
    expect(run.result.findings.map((f) => f.kind)).toEqual(['lock-order']);
    expect((await runSchedule(p.readLockTwice, schedule())).result.ok).toBe(true);
  });
});

describe('findings in the order they happened', () => {
  const raceThenPanic: Program = p.raceThenPanic;

  it("the failure is the run's earliest finding, with the others attached in order", async () => {
    const r = await explore(raceThenPanic, { race: true, seed: 1 });
    expect(r.failure?.kind).toBe('race');
    const order = r.failure!.findings.map((f) => f.kind);
    expect(order).toEqual(['race', 'panic']);
    expect(r.failure!.text).toMatch(/This schedule found \d+ problems, in the order they happened:\n {2}1\. race: .*<- this report/);
    const again = await replay(raceThenPanic, r.failure!.replay);
    expect(again.findings.map((f) => f.kind)).toEqual(order);
  });

  it('many goroutines racing on one line: one finding per pair of locations, not per pair of goroutines', async () => {
    const r = await explore(p.manyIncrements, { race: true, schedules: 100, stopOnFirstFailure: false });
    const races = r.failures!.filter((f) => f.kind === 'race');
    const sites = races.map((f) => [...new Set(f.findings.find((x) => x.message === f.message)!.text.match(/\S+:\d+:\d+/g))].sort().join(' '));
    expect(races.length).toBeGreaterThanOrEqual(1);
    expect(races.length).toBeLessThanOrEqual(2); // read/write and write/write
    expect(new Set(sites).size).toBe(races.length);
    // Two counters raced on two lines: both reported.
    const two = await explore(p.twoRacyCounters, { race: true, schedules: 100, stopOnFirstFailure: false });
    const names = new Set(two.failures!.filter((f) => f.kind === 'race').map((f) => /data race on (\w+)/.exec(f.message)?.[1]));
    expect(names).toEqual(new Set(['hits', 'misses']));
  });

  it('stopOnFirstFailure: false lists every distinct finding, each once', async () => {
    const r = await explore(raceThenPanic, { race: true, seed: 1, stopOnFirstFailure: false, schedules: 200 });
    const list = r.failures!;
    expect(list[0]).toEqual(r.failure);
    expect(new Set(list.map((f) => f.kind))).toEqual(new Set(['race', 'panic']));
    // Each (kind, locations) once: the same race seen from either goroutine's side is one finding.
    const keys = list.map((f) => `${f.kind} ${(f.findings.find((x) => x.message === f.message)?.text ?? '').match(/\S+:\d+:\d+/g)?.sort().join(' ')}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
