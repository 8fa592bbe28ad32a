/**
 * interleaveProperty end to end: fast-check finds a bug that needs both the
 * right inputs and the right interleaving, shrinks both to their minimum, and
 * the failure replays; a correct program passes; the same fast-check seed gives
 * the same counterexample, token and report.
 */
import type { Program } from '@interleave/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replay } from '@interleave/explorer';
import { InterleaveError, interleaveProperty, runSchedule, schedule, type PropertyFailure } from '@interleave/explorer/fast-check';
import { allThreeLost, pickFromTwo, withdrawTwice, withdrawTwiceLocked } from './programs.ts';

const balances = fc.integer({ min: 100, max: 10_000 });
const amounts = fc.integer({ min: 1, max: 10_000 });

function failureOf<T>(details: fc.RunDetails<T>): PropertyFailure {
  expect(details.errorInstance).toBeInstanceOf(InterleaveError);
  return (details.errorInstance as InterleaveError).failure;
}

describe('interleaveProperty', () => {
  it('finds the overdraft and shrinks inputs and schedule together', async () => {
    const details = await fc.check(interleaveProperty([balances, amounts], withdrawTwice), { seed: 42 });
    expect(details.failed).toBe(true);
    // The smallest balance allowed, the smallest amount over half of it, one preemption.
    expect(details.counterexample).toEqual([100, 51, schedule({ at: 1, pick: 1 })]);
    expect(fc.stringify(details.counterexample)).toBe('[100,51,schedule({ at: 1, pick: 1 })]');
    const f = failureOf(details);
    expect(f.kind).toBe('panic');
    expect(f.message).toContain('paid 102 out of 100');
    expect(f.preemptions).toBe(1);
    expect(f.interleaving).toMatch(/interleaving: \d+ steps, 1 preemption/);
  });

  it('needs both: the same schedule with a smaller amount, or the same inputs without preemption, pass', async () => {
    const bug = schedule({ at: 1, pick: 1 });
    expect((await runSchedule(withdrawTwice(100, 51), bug)).result.ok).toBe(false);
    expect((await runSchedule(withdrawTwice(100, 50), bug)).result.ok).toBe(true);
    expect((await runSchedule(withdrawTwice(100, 51), schedule())).result.ok).toBe(true);
  });

  it("carries a replay token that reproduces the finding with the counterexample's inputs", async () => {
    const details = await fc.check(interleaveProperty([balances, amounts], withdrawTwice), { seed: 42 });
    const [balance, amount] = details.counterexample!;
    const f = failureOf(details);
    const again = await replay(withdrawTwice(balance, amount), f.replay);
    expect(again.findings[0]?.kind).toBe('panic');
    expect(again.findings[0]?.message).toBe(f.message);
  });

  it('fails fc.assert with the report, the schedule and the token', async () => {
    const property = interleaveProperty([balances, amounts], withdrawTwice);
    const error = await fc.assert(property, { seed: 42 }).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toContain('Counterexample: [100,51,schedule({ at: 1, pick: 1 })]');
    expect(error?.cause).toBeInstanceOf(InterleaveError);
    const text = (error?.cause as InterleaveError).message;
    expect(text).toContain('paid 102 out of 100');
    expect(text).toContain('schedule: schedule({ at: 1, pick: 1 }) (1 preemption');
    expect(text).toMatch(/replay token: il1\.\S+/);
  });

  it('shrinks a counterexample given as an example (a pasted one)', async () => {
    const details = await fc.check(interleaveProperty([balances, amounts], withdrawTwice), {
      seed: 1, examples: [[5000, 4000, schedule({ at: 1, pick: 3 }, { at: 6, pick: 2 }, { at: 9, pick: 2 })]],
    });
    expect(details.numRuns).toBe(1);
    expect(details.counterexample).toEqual([100, 51, schedule({ at: 1, pick: 1 })]);
  });

  it('passes a correct program', async () => {
    const details = await fc.check(interleaveProperty([balances, amounts], withdrawTwiceLocked), { seed: 42, numRuns: 200 });
    expect(details.failed).toBe(false);
    expect(details.numRuns).toBe(200);
  });

  it('shrinks select decisions too', async () => {
    const values = fc.integer({ min: 0, max: 1000 });
    const details = await fc.check(interleaveProperty([values, values], (a, b) => pickFromTwo(a, b, 10)), { seed: 3 });
    expect(details.failed).toBe(true);
    const [first, second, s] = details.counterexample!;
    expect(second).toBe(11);
    expect(first <= 10).toBe(true);
    expect(s.picks).toHaveLength(1);
    expect(failureOf(details).preemptions).toBe(0);
  });

  it('keeps as many departures as the bug needs: one for three lost updates (the last goroutine runs first at its go())', async () => {
    const details = await fc.check(interleaveProperty([fc.integer({ min: 0, max: 100 })], allThreeLost), { seed: 1 });
    expect(details.failed).toBe(true);
    const [n, s] = details.counterexample!;
    expect(n).toBe(1);
    expect(s.picks).toHaveLength(1);
    expect(failureOf(details).message).toContain('all three updates lost');
  });

  it('takes no inputs at all: a property over schedules only', async () => {
    const details = await fc.check(interleaveProperty([], () => allThreeLost(1)), { seed: 1 });
    expect(details.failed).toBe(true);
    const [s] = details.counterexample!;
    expect(s.picks).toHaveLength(1);
  });

  it('reports races with race: true', async () => {
    const details = await fc.check(interleaveProperty([balances, amounts], withdrawTwiceRacyOnly, { race: true }), { seed: 1 });
    expect(details.failed).toBe(true);
    const f = failureOf(details);
    expect(f.kind).toBe('race');
    expect(f.replay.endsWith(':r')).toBe(true);
  });

  it('is deterministic: the same seed gives the same counterexample, token and report', async () => {
    const once = async (): Promise<string> => {
      const details = await fc.check(interleaveProperty([balances, amounts], withdrawTwice), { seed: 7 });
      const f = failureOf(details);
      return JSON.stringify([fc.stringify(details.counterexample), details.counterexamplePath, f.replay, (details.errorInstance as Error).message]);
    };
    expect(await once()).toBe(await once());
  });
});

/** The bank with amounts that never overdraw: only the race detector sees the unsynchronized balance. */
function withdrawTwiceRacyOnly(balance: number, amount: number): Program {
  return withdrawTwice(balance, Math.min(amount, Math.floor(balance / 2)));
}
