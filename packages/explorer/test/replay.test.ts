/**
 * Replay round-trip: for every finding kind, the token of the reported failure
 * reproduces the same finding; a token that does not fit the program says where
 * it diverged.
 */
import type { Finding, Monitor, Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore, replay, type ExploreOptions } from '../src/index.ts';
import { abba, leakySend, lostUpdate, racyCounter, spinner } from './support/programs-core.ts';

const cases: [string, Program, ExploreOptions][] = [
  ['panic', lostUpdate, {}],
  ['deadlock', abba, {}],
  ['leak', leakySend, {}],
  ['step-limit', spinner, { maxSteps: 100 }],
  ['race', racyCounter, { race: true }],
];

describe('replay round-trip', () => {
  for (const [kind, program, options] of cases) {
    it(`${kind}: replay(program, failure.replay) gives the same finding`, async () => {
      const r = await explore(program, { schedules: 300, seed: 5, ...options });
      const f = r.failure;
      expect(f?.kind).toBe(kind);
      const again = await replay(program, f!.replay);
      expect(again.ok).toBe(false);
      const same = again.findings.find((x) => x.kind === kind);
      expect(same?.message).toBe(f!.message);
      // The original (unshrunk) schedule replays too.
      const original = await replay(program, f!.original.replay);
      expect(original.findings.some((x) => x.kind === kind)).toBe(true);
    });
  }

  it('the race flag travels in the token', async () => {
    const r = await explore(racyCounter, { race: true, seed: 1 });
    expect(r.failure?.replay).toMatch(/^il1\.[A-Za-z0-9_-]+:r$/);
  });

  it('a race token replayed with a monitor given as an instance: each detector finding once (must not double them)', async () => {
    const { failure } = await explore(racyCounter, { race: true });
    const plain = await replay(racyCounter, failure!.replay);
    const watcher: Monitor = { step: () => undefined };
    const watched = await replay(racyCounter, failure!.replay, { monitors: [watcher] });
    expect(watched.findings.map((f) => f.message)).toEqual(plain.findings.map((f) => f.message));
  });

  it('the finding of a monitor given as an instance is kept, once (must report it)', async () => {
    const { failure } = await explore(racyCounter, { race: true });
    const plain = await replay(racyCounter, failure!.replay);
    const mine: Finding = { kind: 'leak', message: 'my monitor saw something', text: 'my monitor saw something\n', goroutines: [] };
    const reporter: Monitor = { runEnd: () => [{ ...mine }] };
    const watched = await replay(racyCounter, failure!.replay, { monitors: [reporter] });
    expect(watched.findings.filter((f) => f.message === mine.message)).toHaveLength(1);
    expect(watched.findings.filter((f) => f.kind === 'race')).toHaveLength(plain.findings.filter((f) => f.kind === 'race').length);
  });

  it('a token that does not fit the program: nondeterminism, with the decision where it diverged', async () => {
    const r = await explore(lostUpdate, { seed: 2 });
    const other: Program = async () => {};
    const again = await replay(other, r.failure!.replay);
    expect(again.findings[0]?.kind).toBe('nondeterminism');
    expect(again.findings[0]?.message).toMatch(/decision/);
  });

  it('a token with unknown flags is a clear error', async () => {
    await expect(replay(lostUpdate, 'il1.AAAA:zz')).rejects.toThrow(/unknown flags "zz"/);
  });
});
