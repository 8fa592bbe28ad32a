/**
 * What made the difference: a failure's timer-tie and latency choices that decide it
 * are named, each checked by a run that answers it otherwise and passes, and shown
 * beside that run where the two part. A failure decided by goroutine order alone
 * names none.
 */
import { describe, expect, it } from 'vitest';
import { WaitGroup, gosched, latency, shared, sleep } from '@interleave/core';
import { explore, replay } from '../src/index.ts';
import { plainLostUpdate } from './workers/programs.ts';

/** A call whose duration the scheduler picks (10, 20 or 30 ms); main checks at 25 ms that it completed. */
const slowCall = async (): Promise<void> => {
  const call = latency(async () => 'ok', { min: 10, max: 30, points: 3 });
  const state = { done: false };
  const wg = new WaitGroup();
  wg.go(async () => { await call(); state.done = true; });
  await sleep(25);
  if (!state.done) throw new Error('the call had not completed after 25 ms');
  await wg.wait();
};

/** Two goroutines read, yield and write back a counter: goroutine order alone decides it. */
const lostUpdate = async (): Promise<void> => {
  const n = shared(0, 'counter');
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) wg.go(async () => { const v = n.value; await gosched(); n.value = v + 1; });
  await wg.wait();
  if (n.value !== 2) throw new Error('lost update');
};

describe('what made the difference', () => {
  it('names the timer ties that decide a lost update in plain async code, each beside the passing run', async () => {
    const r = await explore(plainLostUpdate, { schedules: 100 });
    const f = r.failure!;
    expect(f.decisive.length).toBeGreaterThan(0);
    for (const c of f.decisive) {
      expect(c).toMatchObject({ kind: 'timer', what: 'tie', options: 2 });
      expect(c.passesWith).not.toBe(c.chose);
    }
    expect(f.text).toContain('made the difference');
    expect(f.text).toMatch(/after step \d+: 2 timers were due at the same instant; the one armed 1st ran first\. With the one armed 2nd first, the run passes\./);
    expect(f.text).toMatch(/\n {4}this run: +\d+ +g\d/);
    expect(f.text).toMatch(/\n {4}passing: +\d+ +g\d/);
  });

  it("names a latency's duration: answered 30 ms the call is late, 10 or 20 ms it is not", async () => {
    const r = await explore(slowCall, { schedules: 50 });
    const f = r.failure!;
    expect(f.message).toBe('panic: Error: the call had not completed after 25 ms (goroutine 1)');
    expect(f.decisive).toEqual([{ step: expect.any(Number), kind: 'random', what: 'random', options: 3, chose: 2, passesWith: 1 }]);
    expect(f.text).toContain('the choice that made the difference (answered otherwise, the run passes):');
    expect(f.text).toContain("a random choice (a latency's duration, randomInt) took answer 2 of 3. With 1, the run passes.");
    // The failing token still fails: the claim is about another answer, not this schedule.
    expect((await replay(slowCall, f.replay)).findings[0]?.message).toBe(f.message);
  });

  it('the pair: a failure that goroutine order alone decides names no choice', async () => {
    const r = await explore(lostUpdate, { schedules: 50 });
    expect(r.failure?.message).toBe('panic: Error: lost update (goroutine 1)');
    expect(r.failure?.decisive).toEqual([]);
    expect(r.failure?.text).not.toContain('made the difference');
  });
});
