/**
 * `latency(fn, range)`: each call waits a duration the scheduler picks among the
 * range's points, then runs `fn`. Checked here: the durations a run can take, the
 * decisions it makes (none for a fixed range), replay, bad arguments, production.
 */
import { describe, expect, it } from 'vitest';
import { RandomScheduler, UsageError, WaitGroup, latency, now, run, type Decision, type LatencyRange } from '@interleave/core';

/** The virtual times at which `calls` calls of one faked function complete, under `scheduler`. */
async function completions(range: LatencyRange, calls: number, choose: (d: Decision) => number): Promise<{ at: number[]; decisions: Decision[] }> {
  const at: number[] = [];
  const decisions: Decision[] = [];
  const r = await run(async () => {
    const ping = latency(() => now(), range);
    for (let i = 0; i < calls; i++) at.push((await ping()) - (at.length ? at[at.length - 1]! : 0));
  }, { scheduler: { choose: (d) => { if (d.kind === 'random') decisions.push(d); return choose(d); } } });
  expect(r.ok, r.findings[0]?.text).toBe(true);
  return { at, decisions };
}

describe('latency', () => {
  it('takes min, the middle or max by default, one random decision of 3 per call', async () => {
    for (const [pick, ms] of [[0, 5], [1, 27.5], [2, 50]] as const) {
      const { at, decisions } = await completions({ min: 5, max: 50 }, 2, (d) => (d.kind === 'random' ? pick : 0));
      expect(at).toEqual([ms, ms]);
      expect(decisions.map((d) => d.options)).toEqual([3, 3]);
    }
  });

  it('spaces `points` evenly, and a range of width 0 or points: 1 is no decision', async () => {
    const four = await completions({ min: 5, max: 50, points: 4 }, 1, (d) => (d.kind === 'random' ? 2 : 0));
    expect(four.at).toEqual([35]);
    expect(four.decisions.map((d) => d.options)).toEqual([4]);
    expect(await completions({ min: 7, max: 7 }, 2, () => 0)).toEqual({ at: [7, 7], decisions: [] });
    expect(await completions({ min: 7, max: 9, points: 1 }, 1, () => 0)).toEqual({ at: [7], decisions: [] });
  });

  it('is seeded: the same seed gives the same durations, and the call returns what fn returns or rejects with what it threw', async () => {
    const durations = async (seed: number): Promise<number[]> => {
      const out: number[] = [];
      const r = await run(async () => {
        const get = latency(async (k: string) => `${k}@${now()}`, { min: 0, max: 100, points: 11 });
        const fail = latency(() => { throw new Error('down'); }, { min: 1, max: 2 });
        const wg = new WaitGroup();
        for (const k of ['a', 'b', 'c']) wg.go(async () => { out.push(Number((await get(k)).split('@')[1])); });
        await wg.wait();
        await expect(fail()).rejects.toThrow('down');
      }, { scheduler: new RandomScheduler(seed) });
      expect(r.ok, r.findings[0]?.text).toBe(true);
      return out;
    };
    const a = await durations(3);
    expect(await durations(3)).toEqual(a);
    for (const ms of a) expect(ms % 10).toBe(0);
  });

  it('rejects bad arguments at the call that makes the fake', () => {
    const f = (): number => 1;
    expect(() => latency(f, { min: -1, max: 2 })).toThrow(new UsageError('latency(fn, range): range.min must be a finite number of milliseconds >= 0, got -1'));
    expect(() => latency(f, { min: 3, max: 2 })).toThrow('range.max must be a finite number of milliseconds >= range.min (3), got 2');
    expect(() => latency(f, { min: 0, max: Infinity })).toThrow('range.max must be a finite number');
    expect(() => latency(f, { min: 0, max: 2, points: 0 })).toThrow('range.points must be an integer from 1 to 1000, got 0');
    expect(() => latency(f, { min: 0, max: 2, points: 1.5 })).toThrow(UsageError);
    expect(() => latency('f' as unknown as () => number, { min: 0, max: 1 })).toThrow('latency(fn, range): fn must be a function, got "f"');
    expect(() => latency(f, null as unknown as LatencyRange)).toThrow('range must be { min, max }, got null');
  });

  it('works outside a run (production mode), in real time', async () => {
    const get = latency((x: number) => x * 2, { min: 0, max: 2 });
    expect(await get(21)).toBe(42);
  });
});
