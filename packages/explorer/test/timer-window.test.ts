/**
 * `timerWindowMs` reaches every run of `explore` and `replay`: a timer due
 * within the window can fire mid-loop (a bug found), with 0 it cannot (none),
 * and the replay token carries the window so that `replay` repeats the run.
 */
import { afterFunc, gosched, type Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { decodeToken, explore, replay } from '../src/index.ts';

/** Panics when a 1 ms timer fires during a loop of 20 scheduling points. */
const timerDuringLoop: Program = async () => {
  let fired = false;
  afterFunc(1, () => {
    fired = true;
  });
  for (let i = 0; i < 20; i++) {
    await gosched();
    if (fired) throw new Error(`the timer fired mid-loop, at iteration ${i}`);
  }
};

describe('timerWindowMs in explore and replay', () => {
  it('a window wider than the timer lets it fire mid-loop, and the token replays it (must report)', async () => {
    const r = await explore(timerDuringLoop, { timerWindowMs: 2, schedules: 200 });
    expect(r.failure?.kind).toBe('panic');
    expect(decodeToken(r.failure!.replay).timerWindowMs).toBe(2);
    const again = await replay(timerDuringLoop, r.failure!.replay);
    expect(again.findings[0]?.message).toBe(r.failure!.message);
  });

  it('a window of 0 keeps the timer until every goroutine is blocked (must not report)', async () => {
    const r = await explore(timerDuringLoop, { timerWindowMs: 0, schedules: 200 });
    expect(r.failure).toBeUndefined();
  });
});
