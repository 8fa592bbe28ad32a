/**
 * `scheduleShard` splits a random exploration's budget over machines: each shard
 * runs the indexes `i % count === index - 1` with the schedules (and replay
 * tokens) the whole exploration gives them, so the shards together find what
 * one machine with the whole budget finds. PCT shards learn their estimates
 * from their own schedules. Exhaustive search and the portfolio split by prefix:
 * schedule-shard-exhaustive.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { WaitGroup, gosched } from '@interleave/core';
import { explore, replay, type ExploreOptions } from '@interleave/explorer';

/** Three workers append their number to a plain array; two orders of the first two are bugs with different messages. */
async function orderBugs(): Promise<void> {
  const order: number[] = [];
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) wg.go(async () => { await gosched(); order.push(i); await gosched(); });
  await wg.wait();
  if (order[0] === 2 && order[1] === 0) throw new Error('2 ran before 0');
  if (order[0] === 1 && order[1] === 2) throw new Error('1 ran before 2');
}

/** Three workers that touch nothing shared: never fails. */
async function clean(): Promise<void> {
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) wg.go(async () => { await gosched(); });
  await wg.wait();
}

const base: ExploreOptions = { strategy: 'random', schedules: 300, seed: 11 };
describe('scheduleShard', () => {
  it('runs the whole budget across the shards, each schedule once', async () => {
    const whole = await explore(clean, { ...base, stopOnFirstFailure: false });
    const parts = [];
    for (const part of [1, 2, 3]) parts.push(await explore(clean, { ...base, stopOnFirstFailure: false, scheduleShard: { index: part, count: 3 } }));
    expect(whole.schedules).toBe(300);
    expect(parts.map((p) => p.schedules)).toEqual([100, 100, 100]);
    const odd = await explore(clean, { ...base, schedules: 7, scheduleShard: { index: 2, count: 3 } });
    expect(odd.schedules).toBe(2); // indexes 1 and 4
  });

  it('the lowest failing schedule among the shards is the whole exploration\'s failure, with the same token', async () => {
    const whole = await explore(orderBugs, base);
    expect(whole.failure).toBeDefined();
    const found = [];
    for (const part of [1, 2, 3]) found.push((await explore(orderBugs, { ...base, scheduleShard: { index: part, count: 3 } })).failure);
    const first = found.filter((f) => f !== undefined).sort((a, b) => a.schedule - b.schedule)[0];
    expect(first?.schedule).toBe(whole.failure?.schedule);
    expect(first?.message).toBe(whole.failure?.message);
    expect(first?.replay).toBe(whole.failure?.replay);
    // It is found by the shard that owns its index.
    expect(found[(whole.failure!.schedule - 1) % 3]?.schedule).toBe(whole.failure?.schedule);
  });

  it('with stopOnFirstFailure: false every failure of the whole exploration is a failure of a shard, at the same schedule', async () => {
    const options = { ...base, stopOnFirstFailure: false };
    const whole = await explore(orderBugs, options);
    const parts = [];
    for (const part of [1, 2]) parts.push(await explore(orderBugs, { ...options, scheduleShard: { index: part, count: 2 } }));
    const fromShards = parts.flatMap((p) => p.failures ?? []).map((f) => [f.schedule, f.message, f.replay]);
    expect(whole.failures?.length).toBeGreaterThan(0);
    for (const f of whole.failures ?? []) expect(fromShards).toContainEqual([f.schedule, f.message, f.replay]);
    // A shard dedupes only what it saw: it may list a finding the whole exploration took for a repeat of an earlier one.
    const messages = new Set(fromShards.map(([, m]) => m));
    expect([...messages].sort()).toEqual(['panic: Error: 1 ran before 2 (goroutine 1)', 'panic: Error: 2 ran before 0 (goroutine 1)']);
  });

  it('splits PCT too: each shard is deterministic, the shards run the whole budget, and their failures replay anywhere', async () => {
    const pct: ExploreOptions = { strategy: 'pct', schedules: 300, seed: 11, stopOnFirstFailure: false };
    const parts = [];
    for (const part of [1, 2, 3]) parts.push(await explore(orderBugs, { ...pct, scheduleShard: { index: part, count: 3 } }));
    expect(parts.map((p) => p.schedules)).toEqual([100, 100, 100]);
    const again = await explore(orderBugs, { ...pct, scheduleShard: { index: 2, count: 3 } });
    expect(JSON.stringify(again.failures)).toBe(JSON.stringify(parts[1]!.failures));
    const failures = parts.flatMap((p) => p.failures ?? []);
    expect(new Set(failures.map((f) => f.message))).toEqual(new Set(['panic: Error: 1 ran before 2 (goroutine 1)', 'panic: Error: 2 ran before 0 (goroutine 1)']));
    // A shard's schedule numbers are the whole exploration's: shard 2 of 3 owns schedules 2, 5, 8, ...
    for (const [k, p] of parts.entries()) for (const f of p.failures ?? []) expect((f.schedule - 1) % 3).toBe(k);
    for (const f of failures) {
      const r = await replay(orderBugs, f.replay);
      expect(r.findings[0]?.message).toBe(f.message);
    }
  });

  it('checks the shard, and takes every built-in strategy (exhaustive search: schedule-shard-exhaustive.test.ts)', async () => {
    await expect(explore(clean, { strategy: 'random', scheduleShard: { index: 3, count: 2 } })).rejects.toThrow(
      'options.scheduleShard must be { index, count } with integers 1 <= index <= count, got',
    );
    await expect(explore(clean, { strategy: 'random', scheduleShard: { index: 0, count: 2 } })).rejects.toThrow('1 <= index <= count');
    for (const strategy of ['random', 'pct', 'exhaustive', 'portfolio'] as const) {
      const r = await explore(clean, { strategy, schedules: 20, scheduleShard: { index: 2, count: 2 } });
      expect(r.ok).toBe(true);
      expect(r.exhausted).toBe(false);
      expect(r.shard?.index).toBe(2);
    }
  });
});
