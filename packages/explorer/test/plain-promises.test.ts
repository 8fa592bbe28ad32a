/**
 * Exploring ordinary async code (no goroutines but main): every schedule follows plain
 * promises (core's `followPromises`), the explored choices are timer ties, a bug one
 * of them exposes is found and replayed, and code safe by microtask order passes
 * with the whole space covered.
 */
import { describe, expect, it } from 'vitest';
import { explore, replay } from '../src/index.ts';
import { plainLostUpdate } from './workers/programs.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Two withdrawals, the second 10 ms after the first; each reads, then writes back after a 10 ms write. */
const lostUpdate = plainLostUpdate;

/** One slot handed to the next waiter in a microtask: nobody can come in between, in any order of the timers. */
const microtaskLimiter = async (): Promise<void> => {
  let active = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  const run = async (ms: number): Promise<void> => {
    if (active >= 1) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    peak = Math.max(peak, active);
    await delay(ms);
    const next = waiting.shift();
    active--;
    if (next !== undefined) queueMicrotask(() => { active++; next(); });
  };
  await Promise.all([run(10), run(10), delay(10).then(() => run(5))]);
  if (peak !== 1) throw new Error(`peak ${peak}`);
};

describe('explore over plain async code', () => {
  it('finds the lost update that a timer tie exposes, and its token replays it', async () => {
    const r = await explore(lostUpdate, { schedules: 100 });
    expect(r.failure?.message).toBe('panic: Error: balance 80 (goroutine 1)');
    const again = await replay(lostUpdate, r.failure!.replay);
    expect(again.findings.map((f) => f.message)).toEqual(['panic: Error: balance 80 (goroutine 1)']);
  });

  it('is deterministic: the same seed gives the same exploration', async () => {
    const a = await explore(lostUpdate, { schedules: 50, stopOnFirstFailure: false, seed: 7 });
    const b = await explore(lostUpdate, { schedules: 50, stopOnFirstFailure: false, seed: 7, followPromises: true });
    expect(b.schedules).toBe(a.schedules);
    expect(b.failures?.map((f) => f.replay)).toEqual(a.failures?.map((f) => f.replay));
  });

  it('passes a limiter safe only by microtask order, every order of its timers covered', async () => {
    const r = await explore(microtaskLimiter, { strategy: 'exhaustive', schedules: 1000 });
    expect(r.failure).toBeUndefined();
    expect(r.exhausted).toBe(true);
  });

  it('with followPromises: false reports the await as a foreign one', async () => {
    const r = await explore(lostUpdate, { schedules: 10, followPromises: false });
    expect(r.failure?.message).toBe('goroutine 1 awaited a promise that interleave does not control');
    await expect(explore(lostUpdate, { followPromises: 1 as unknown as boolean })).rejects.toThrow('explore(program, options): options.followPromises must be true or false, got 1');
  });

  it('the token of a run made with followPromises: false says so, and replays without the option as it was made', async () => {
    const r = await explore(lostUpdate, { schedules: 10, followPromises: false });
    expect(r.failure?.replay).toMatch(/:u$/);
    const again = await replay(lostUpdate, r.failure!.replay);
    expect(again.findings.map((f) => f.message)).toEqual(['goroutine 1 awaited a promise that interleave does not control']);
    // The pair: the same schedule with followPromises left to core follows the promise (and finds the lost update or passes).
    const followed = await replay(lostUpdate, r.failure!.replay, { followPromises: true });
    expect(followed.findings.map((f) => f.message)).not.toContain('goroutine 1 awaited a promise that interleave does not control');
  });
});
