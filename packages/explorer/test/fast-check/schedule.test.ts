/**
 * Schedules as values: canonical form and printing, what the scheduler answers,
 * what the arbitrary generates, and that shrinking always makes a schedule
 * smaller (so fast-check's shrinking ends).
 */
import { WaitGroup, gosched, run } from '@interleave/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schedule, scheduleArbitrary, scheduleScheduler, type SchedulePick } from '../../src/fast-check/index.ts';
import { shrinkPicks } from '../../src/fast-check/shrink-schedule.ts';

/** Two goroutines that each yield twice; records the order their steps ran in. */
async function order(s: ReturnType<typeof schedule>): Promise<string> {
  const seen: string[] = [];
  await run(async () => {
    const wg = new WaitGroup();
    for (const name of ['a', 'b']) {
      wg.go(async () => {
        for (let i = 0; i < 3; i++) {
          seen.push(`${name}${i}`);
          await gosched();
        }
      });
    }
    await wg.wait();
  }, { scheduler: scheduleScheduler(s) });
  return seen.join(' ');
}

describe('schedule', () => {
  it('sorts picks, keeps the first per decision, drops zeros, prints as its own call', () => {
    const s = schedule({ at: 5, pick: 2 }, { at: 1, pick: 1 }, { at: 5, pick: 3 }, { at: 3, pick: 0 });
    expect(s.picks).toEqual([{ at: 1, pick: 1 }, { at: 5, pick: 2 }]);
    expect(String(s)).toBe('schedule({ at: 1, pick: 1 }, { at: 5, pick: 2 })');
    expect(fc.stringify([s])).toBe('[schedule({ at: 1, pick: 1 }, { at: 5, pick: 2 })]');
    expect(String(schedule())).toBe('schedule()');
    expect(() => schedule({ at: -1, pick: 1 })).toThrow(RangeError);
  });
});

describe('scheduleScheduler', () => {
  it('never preempts under the empty schedule', async () => {
    expect(await order(schedule())).toBe('a0 a1 a2 b0 b1 b2');
  });

  it('switches to the next goroutine at a pick, then keeps it running', async () => {
    // Decisions: 0, 1 the go() of a and b (the spawner goes on); 2 main at wait (main, a, b runnable); 3 a or b (main parked); 4 a at its first yield.
    expect(await order(schedule({ at: 4, pick: 1 }))).toBe('a0 b0 b1 b2 a1 a2');
  });

  it('caps a pick at the last alternative', async () => {
    expect(await order(schedule({ at: 4, pick: 9 }))).toBe(await order(schedule({ at: 4, pick: 1 })));
  });

  it('ignores picks past the last decision', async () => {
    expect(await order(schedule({ at: 500, pick: 1 }))).toBe(await order(schedule()));
  });
});

describe('scheduleArbitrary', () => {
  it('stays within its constraints', () => {
    const c = { maxPicks: 3, maxDecision: 20, maxPick: 2 };
    for (const s of fc.sample(scheduleArbitrary(c), { seed: 1, numRuns: 500 })) {
      expect(s.picks.length).toBeLessThanOrEqual(3);
      for (const p of s.picks) {
        expect(p.at).toBeLessThanOrEqual(20);
        expect(p.pick).toBeGreaterThanOrEqual(1);
        expect(p.pick).toBeLessThanOrEqual(2);
      }
    }
  });

  it('covers early decisions and late ones, and the empty schedule', () => {
    const samples = fc.sample(scheduleArbitrary(), { seed: 2, numRuns: 1000 });
    const ats = samples.flatMap((s) => s.picks.map((p) => p.at));
    expect(samples.some((s) => s.picks.length === 0)).toBe(true);
    expect(ats.filter((a) => a < 4).length).toBeGreaterThan(ats.length / 5);
    expect(Math.max(...ats)).toBeGreaterThan(40);
  });

  it('generates the same schedules from the same seed', () => {
    const a = fc.sample(scheduleArbitrary(), { seed: 3, numRuns: 50 }).map(String);
    const b = fc.sample(scheduleArbitrary(), { seed: 3, numRuns: 50 }).map(String);
    expect(a).toEqual(b);
  });

  it('rejects bad constraints', () => {
    expect(() => scheduleArbitrary({ maxPick: 0 })).toThrow(RangeError);
  });
});

describe('shrinkPicks', () => {
  const bounds = { maxDecision: 63, maxPick: 3 };
  const size = (ps: readonly SchedulePick[]): [number, number, number] =>
    [ps.length, ps.reduce((n, p) => n + p.at, 0), ps.reduce((n, p) => n + p.pick, 0)];
  const smaller = (a: [number, number, number], b: [number, number, number]): boolean =>
    a[0] !== b[0] ? a[0] < b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] < b[2];

  it('only proposes smaller, canonical schedules', () => {
    fc.assert(fc.property(scheduleArbitrary(), (s) => {
      for (const candidate of shrinkPicks(s.picks, bounds)) {
        expect(smaller(size(candidate), size(s.picks))).toBe(true);
        expect(schedule(...candidate).picks).toEqual(candidate);
      }
    }), { seed: 4, numRuns: 100 });
  });

  it('tries the empty schedule first and merges an early preemption into a later one', () => {
    const candidates = [...shrinkPicks([{ at: 0, pick: 1 }, { at: 1, pick: 1 }], bounds)];
    expect(candidates[0]).toEqual([]);
    expect(candidates.findIndex((c) => c.length === 1 && c[0]!.at === 2)).toBeLessThan(5);
  });

  it('last, tries a single departure at every decision when there are several', () => {
    const candidates = [...shrinkPicks([{ at: 3, pick: 1 }, { at: 7, pick: 1 }], bounds)];
    const singles = candidates.slice(-128);
    expect(singles[0]).toEqual([{ at: 0, pick: 1 }]);
    expect(singles[127]).toEqual([{ at: 63, pick: 2 }]);
    expect([...shrinkPicks([{ at: 3, pick: 1 }], bounds)].every((c) => c.length === 0 || c[0]!.at < 3)).toBe(true);
  });
});
