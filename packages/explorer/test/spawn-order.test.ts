/**
 * Spawn order is a scheduling decision: after `go(fn)` the new goroutine may run
 * to its first scheduling point before its spawner goes on, as Go allows. Every
 * strategy explores it and the replay token records it: a goroutine that calls
 * `wg.done()` before its parent's `wg.add(1)` is found; with the add before the
 * `go` (the minimal fix) the exploration is clean and complete.
 */
import { WaitGroup, go, run } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore, replay, type ExploreOptions } from '../src/index.ts';

function pods(addFirst: boolean): () => Promise<void> {
  return async () => {
    const wg = new WaitGroup();
    const synced: string[] = [];
    for (const pod of ['web', 'db']) {
      if (addFirst) wg.add(1);
      go(() => {
        synced.push(pod);
        wg.done();
      });
      if (!addFirst) wg.add(1);
    }
    await wg.wait();
    if (synced.length !== 2) throw new Error(`synced ${synced.length} of 2`);
  };
}

const strategies: ExploreOptions['strategy'][] = [undefined, 'exhaustive', 'pct', 'random'];

describe('spawn order', () => {
  for (const strategy of strategies) {
    it(`${strategy ?? 'default'}: done before add is found, and replays`, async () => {
      const r = await explore(pods(false), { strategy, seed: 1 });
      expect(r.failure?.message).toBe('panic: sync: negative WaitGroup counter (goroutine 2)');
      const again = await replay(pods(false), r.failure!.replay);
      expect(again.findings[0]?.message).toBe(r.failure!.message);
    });
  }

  it('with the add before go, the default strategy is clean and complete', async () => {
    const r = await explore(pods(true), { seed: 1 });
    expect(r.ok).toBe(true);
    expect(r.exhausted).toBe(true);
  });

  it('the new goroutine runs first when the scheduler picks it at go()', async () => {
    const order: string[] = [];
    const program = async (): Promise<void> => {
      const wg = new WaitGroup();
      wg.add(1);
      go(() => {
        order.push('child');
        wg.done();
      });
      order.push('parent');
      await wg.wait();
    };
    const seen: string[] = [];
    const r = await run(program, {
      scheduler: {
        choose: (d) => {
          seen.push(`${d.kind}:${d.runnable.map((g) => `${g.id}/${g.op.kind}`).join(',')}:${d.current}`);
          return 1;
        },
      },
    });
    expect(r.ok).toBe(true);
    expect(seen[0]).toBe('goroutine:1/go,2/start:1');
    expect(order).toEqual(['child', 'parent']);
    order.length = 0;
    await run(program, { scheduler: { choose: () => 0 } });
    expect(order).toEqual(['parent', 'child']);
  });

  it('a first step that awaits a plain promise finishes before its spawner takes another step', async () => {
    const order: string[] = [];
    const r = await run(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      go(async () => {
        order.push('child 1');
        await Promise.resolve();
        order.push('child 2');
        wg.done();
      });
      order.push('parent');
      await wg.wait();
      order.push('parent after wait');
    }, { scheduler: { choose: (d) => (d.index === 0 ? 1 : 0) } });
    expect(r.ok).toBe(true);
    expect(order).toEqual(['child 1', 'parent', 'child 2', 'parent after wait']);
  });
});
