/**
 * `WaitGroup.go`: the goroutine's `done` runs as the `finally` of its body (run by
 * the kernel, with no wrapper frame), inside a run and in production mode.
 */
import { describe, expect, it } from 'vitest';
import { WaitGroup, chan, run, type Monitor, type Program } from '@interleave/core';

/** Records which goroutine each WaitGroup release (a `done`) is made by. */
function releases(log: number[]): Monitor {
  return {
    sync(g, object, _slot, kind) {
      if (object.kind === 'waitgroup' && kind === 'release') log.push(g);
    },
  };
}

describe('WaitGroup.go', () => {
  it('an async body, a synchronous one: wait returns once both ended, and each done is its goroutine\'s own', async () => {
    for (const seed of [0, 1, 2, 3]) {
      const log: number[] = [];
      const order: string[] = [];
      const r = await run(async () => {
        const ch = chan<number>();
        const wg = new WaitGroup();
        wg.go(async () => {
          await ch.send(1);
          order.push('async');
        }, 'async');
        wg.go(() => {
          order.push('sync');
        }, 'sync');
        await ch.recv();
        await wg.wait();
        order.push('waited');
      }, { seed, monitors: [releases(log)] });
      expect(r.findings).toEqual([]);
      expect(order.slice(-1)).toEqual(['waited']);
      expect(order.slice(0, 2).sort()).toEqual(['async', 'sync']);
      expect(log.sort()).toEqual([2, 3]);
    }
  });

  it('a body that throws is its goroutine\'s panic (done still runs first, as a finally would); one that returns: no finding', async () => {
    const program = (throws: boolean): Program => async () => {
      const wg = new WaitGroup();
      wg.go(async () => {
        await Promise.resolve();
        if (throws) throw new Error('boom');
      }, 'worker');
      await wg.wait();
    };
    for (const seed of [0, 1, 2]) {
      const r = await run(program(true), { seed });
      expect(r.findings.map((f) => [f.kind, f.goroutines])).toEqual([['panic', [2]]]);
      expect(r.findings[0]!.message).toContain('boom');
      expect((await run(program(false), { seed })).findings).toEqual([]);
    }
  });

  it('in production mode: wait returns once an async and a synchronous body ended', async () => {
    const wg = new WaitGroup();
    const ended: string[] = [];
    wg.go(async () => {
      await Promise.resolve();
      ended.push('async');
    });
    wg.go(() => {
      ended.push('sync');
    });
    await wg.wait();
    expect(ended.sort()).toEqual(['async', 'sync']);
    expect(wg.count).toBe(0);
  });
});
