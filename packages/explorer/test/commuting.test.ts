/**
 * Commuting rules of the reduction, each with a program where it prunes and a
 * minimal change where it must not (under `sharedState: 'objects'`: the
 * programs keep their shared state in interleave objects).
 *
 * WaitGroup: a `done` that wakes nobody commutes with another such `done` (the
 * counter ends the same and nothing observed it); a `done` that wakes the
 * waiter, a `wait` and an `add` from zero stay dependent.
 */
import { Atomic, WaitGroup, go } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore } from '../src/index.ts';

const objects = { strategy: 'exhaustive', sharedState: 'objects', schedules: 10_000, stopOnFirstFailure: false, shrink: false } as const;

/** `n` goroutines on disjoint atomics, joined by a WaitGroup. */
function joined(n: number): () => Promise<void> {
  return async () => {
    const wg = new WaitGroup();
    for (let i = 0; i < n; i++) {
      const own = new Atomic(0);
      wg.go(() => own.store(i));
    }
    await wg.wait();
  };
}

describe('WaitGroup done/done', () => {
  it('prunes: dones that wake nobody commute (3 workers: 8 complete runs, not 24)', async () => {
    const r = await explore(joined(3), objects);
    expect(r.ok && r.exhausted).toBe(true);
    expect(r.stats.strategy['classes']).toBe(8);
    expect(r.schedules).toBe(13);
  });

  it('must not: which done wakes the waiter is a real difference (the last one panics only when it wakes main)', async () => {
    // Minimal change: each goroutine, after its done, reads whether main already left.
    const r = await explore(async () => {
      const wg = new WaitGroup();
      const left = new Atomic(false);
      wg.add(2);
      for (let i = 0; i < 2; i++) {
        go(async () => {
          wg.done();
          if (i === 1 && (await left.load())) throw new Error('goroutine 1 finished last, after main left');
        });
      }
      await wg.wait();
      await left.store(true);
    }, objects);
    expect(r.failures?.map((f) => f.message)).toEqual(['panic: Error: goroutine 1 finished last, after main left (goroutine 3) (after main returned)']);
  });

  it('must not: a done before its add (a negative counter) is still found', async () => {
    const r = await explore(async () => {
      const wg = new WaitGroup();
      go(() => wg.done());
      wg.add(1);
      await wg.wait();
    }, objects);
    expect(r.failures?.[0]?.message).toBe('panic: sync: negative WaitGroup counter (goroutine 2)');
  });
});
