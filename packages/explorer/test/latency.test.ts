/**
 * Faked calls with `latency` are explored in every order their ranges allow: a
 * read racing a save returns the old value in some schedule, and never when the
 * read's range starts after the save's has ended. The pair: same program, the
 * ranges moved apart.
 */
import { describe, expect, it } from 'vitest';
import { WaitGroup, latency, type LatencyRange } from '@interleave/core';
import { explore, replay } from '@interleave/explorer';

/** A client saves 2 while another reads: the read must see the save (it does not, in some orders). */
function readAfterSave(saveIn: LatencyRange, loadIn: LatencyRange): () => Promise<void> {
  return async () => {
    const db = { value: 1 };
    const save = latency(async (v: number) => { db.value = v; }, saveIn);
    const load = latency(async () => db.value, loadIn);
    const wg = new WaitGroup();
    let seen = 0;
    wg.go(async () => { await save(2); });
    wg.go(async () => { seen = await load(); });
    await wg.wait();
    if (seen !== 2) throw new Error(`read ${seen} while a save of 2 was in flight`);
  };
}

describe('latency under exploration', () => {
  it('finds the read that completes before an overlapping save, and replays it', async () => {
    for (const strategy of ['exhaustive', 'portfolio', 'random', 'pct'] as const) {
      const r = await explore(readAfterSave({ min: 10, max: 30 }, { min: 5, max: 20 }), { strategy, schedules: 200, seed: 1 });
      expect(r.failure?.message, strategy).toBe('panic: Error: read 1 while a save of 2 was in flight (goroutine 1)');
      const again = await replay(readAfterSave({ min: 10, max: 30 }, { min: 5, max: 20 }), r.failure!.replay);
      expect(again.findings[0]?.message).toBe(r.failure!.message);
    }
  });

  it('covers every duration pair and passes when the read always completes after the save', async () => {
    const r = await explore(readAfterSave({ min: 1, max: 4 }, { min: 5, max: 9 }), { strategy: 'exhaustive', schedules: 1000 });
    expect(r.failure).toBeUndefined();
    expect(r.exhausted).toBe(true);
    // At least the 3 x 3 duration pairs (540 today: the plain field makes every step a possible conflict).
    expect(r.schedules).toBeGreaterThanOrEqual(9);
  });
});
