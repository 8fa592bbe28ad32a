/**
 * `scheduleShard` splits exhaustive search, and the default portfolio's, by the
 * prefixes of the search tree (src/strategies/dpor/partition.ts). A differential
 * against one machine with the same options, for 2, 3 and 4 shards: on fixture
 * programs whose whole space one machine covers, and on random small programs,
 * the shards together find every finding (and reach every outcome) one machine
 * does and run at least as many complete runs as it has traces, each shard says that its part is covered and never that the whole is,
 * each shard is deterministic, and its failures replay without the shard.
 */
import { fixtures, type Fixture } from '@interleave/fixtures';
import { describe, expect, it } from 'vitest';
import { explore, replay, type ExploreOptions, type ExploreResult, type Strategy } from '../src/index.ts';
import { randomProgram } from './support/random-programs.ts';

/** Fixtures whose whole space one machine covers in under 100 exhaustive runs. */
const SMALL = [
  'close-of-closed-channel', 'closure-over-loop-variable', 'concurrent-map-writes', 'negative-waitgroup', 'panic-in-goroutine',
  'pipeline', 'poll-select-default', 'recursive-read-lock', 'send-on-closed-channel', 'spin-wait-on-stuck-worker',
  'unbuffered-producer-consumer', 'waitgroup-done-before-add',
];
const COUNTS = [2, 3, 4];

function fixture(name: string): Fixture {
  const f = fixtures.find((x) => x.name === name);
  if (f === undefined) throw new Error(`no fixture ${name}`);
  return f;
}

function optionsOf(f: Fixture, strategy: 'exhaustive' | 'portfolio'): ExploreOptions {
  return { strategy, schedules: 2000, race: f.race ?? false, stopOnFirstFailure: false, shrink: false, ...(f.sharedState ? { sharedState: f.sharedState } : {}) };
}

/** Every finding of a result, by kind and message. */
function findings(r: ExploreResult): string[] {
  return [...new Set((r.failures ?? []).map((x) => `${x.kind}: ${x.message}`))].sort();
}

async function shards(program: () => Promise<void> | void, options: ExploreOptions, count: number): Promise<ExploreResult[]> {
  const parts: ExploreResult[] = [];
  for (let index = 1; index <= count; index++) parts.push(await explore(program, { ...options, scheduleShard: { index, count } }));
  return parts;
}

/** Complete runs of the exhaustive search: one per trace on one machine. */
function classes(r: ExploreResult): number {
  return r.stats.strategy['classes'] ?? 0;
}

/**
 * Every trace one machine runs is run, complete, by some shard, so the shards' complete
 * runs are at least as many (more when two prefixes hold runs of one trace).
 */
function expectEveryTraceRun(whole: ExploreResult, parts: readonly ExploreResult[], what: string): void {
  expect(parts.reduce((n, p) => n + classes(p), 0), what).toBeGreaterThanOrEqual(classes(whole));
}

/** What the shards claim: each its own part, never the whole space. */
function expectPartsCovered(parts: readonly ExploreResult[]): void {
  for (const [k, p] of parts.entries()) {
    expect(p.exhausted).toBe(false);
    expect(p.coverage.complete).toBe(false);
    expect(p.shard).toEqual({ index: k + 1, count: parts.length, exhausted: true });
  }
}

/** One machine covers the fixture's whole space; the shards of 2, 3 and 4 each cover their part and together find all it finds. */
async function differential(name: string, strategy: 'exhaustive' | 'portfolio'): Promise<void> {
  const f = fixture(name);
  const whole = await explore(f.program, optionsOf(f, strategy));
  expect(whole.exhausted).toBe(true);
  for (const count of COUNTS) {
    const parts = await shards(f.program, optionsOf(f, strategy), count);
    expectPartsCovered(parts);
    expectEveryTraceRun(whole, parts, `${count} shards`);
    const union = new Set(parts.flatMap(findings));
    for (const finding of findings(whole)) expect(union, `${count} shards`).toContain(finding);
  }
}

/**
 * The same over `seeds` random programs (3 goroutines at most under 'objects', 2 under
 * 'anywhere', where every order counts), with the outcomes their runs reached as well.
 */
async function randomDifferential(strategy: 'exhaustive' | 'portfolio', seeds: number): Promise<void> {
  for (let seed = 0; seed < seeds; seed++) {
    for (const sharedState of ['objects', 'anywhere'] as const) {
      const size = sharedState === 'anywhere' ? 2 : 3;
      const one = randomProgram(seed, size, sharedState);
      const options: ExploreOptions = { strategy, schedules: 5000, sharedState, stopOnFirstFailure: false, shrink: false };
      const whole = await explore(one.program, options);
      expect(whole.exhausted, one.shape).toBe(true);
      for (const count of COUNTS) {
        const split = randomProgram(seed, size, sharedState);
        const parts = await shards(split.program, options, count);
        const what = `seed ${seed}, ${sharedState}, ${count} shards: ${one.shape}`;
        expectPartsCovered(parts);
        expectEveryTraceRun(whole, parts, what);
        expect([...one.outcomes].filter((o) => !split.outcomes.has(o)), what).toEqual([]);
        const union = new Set(parts.flatMap(findings));
        expect(findings(whole).filter((x) => !union.has(x)), what).toEqual([]);
      }
    }
  }
}

describe('exhaustive search split by prefixes', () => {
  for (const name of SMALL) it(`${name}: the shards of 2, 3 and 4 find every finding one machine finds`, () => differential(name, 'exhaustive'));

  it('random small programs: the shards together reach every outcome and finding one machine reaches', () => randomDifferential('exhaustive', 24), 600_000);

  it('each shard is deterministic, and its failures replay on any machine, without the shard', async () => {
    const f = fixture('waitgroup-done-before-add');
    const options = { ...optionsOf(f, 'exhaustive'), shrink: true };
    const first = await shards(f.program, options, 3);
    const again = await shards(f.program, options, 3);
    expect(again.map((r) => JSON.stringify(r))).toEqual(first.map((r) => JSON.stringify(r)));
    const failures = first.flatMap((r) => r.failures ?? []);
    expect(failures.length).toBeGreaterThan(0);
    for (const x of failures) expect((await replay(f.program, x.replay)).findings[0]?.message).toBe(x.message);
  });

  it('one shard of one is the whole exploration', async () => {
    const f = fixture('close-of-closed-channel');
    const whole = await explore(f.program, optionsOf(f, 'exhaustive'));
    const one = await explore(f.program, { ...optionsOf(f, 'exhaustive'), scheduleShard: { index: 1, count: 1 } });
    expect(one.shard).toEqual({ index: 1, count: 1, exhausted: true });
    expect({ ...one, shard: undefined }).toEqual({ ...whole, shard: undefined });
  });

  it('a custom strategy object is refused, naming why', async () => {
    const first: Strategy = { name: 'first', exhausted: false, next: () => ({ choose: () => 0 }), report: () => {} };
    await expect(explore(async () => {}, { strategy: first, scheduleShard: { index: 1, count: 2 } })).rejects.toThrow(
      'options.scheduleShard needs a built-in strategy (random, pct, exhaustive or portfolio), got a custom strategy object: nothing says which of its schedules belong to which shard',
    );
  });
});

describe('the default portfolio split over machines', () => {
  for (const name of SMALL) it(`${name}: the shards of 2, 3 and 4 find every finding one machine finds`, () => differential(name, 'portfolio'));

  it('random small programs: the shards together reach every outcome and finding one machine reaches', () => randomDifferential('portfolio', 8), 600_000);
});
