import { describe, expect, it } from 'vitest';
import { run, go, sleep, now, after, afterFunc, Timer, Ticker, WaitGroup, chan } from '@interleave/core';
import { runSeeds } from './helpers.ts';

describe('virtual time', () => {
  it('100 goroutines that each sleep 100 ms end at 100 ms, at once', async () => {
    const r = await run(async () => {
      const wg = new WaitGroup();
      for (let i = 0; i < 100; i++) wg.go(() => sleep(100));
      await wg.wait();
      expect(now()).toBe(100);
    });
    expect([r.ok, r.virtualTimeMs]).toEqual([true, 100]);
  });

  it('moves only when every goroutine is blocked', async () => {
    for (const r of await runSeeds(async () => {
      let spins = 0;
      go(async () => {
        for (let i = 0; i < 50; i++) {
          spins++;
          await sleep(0);
        }
      });
      await sleep(1);
      expect(spins).toBe(50);
    })) expect(r.ok).toBe(true);
  });

  it('after() delivers the time on a channel', async () => {
    const r = await run(async () => {
      expect(await after(30).recv()).toBe(30);
    });
    expect(r.virtualTimeMs).toBe(30);
  });

  it('a stopped Timer never fires, a reset one fires at the new time', async () => {
    const r = await run(async () => {
      const t = new Timer(10);
      expect(t.stop()).toBe(true);
      expect(t.stop()).toBe(false);
      t.reset(20);
      expect(await t.c.recv()).toBe(20);
      let fired = false;
      const f = afterFunc(5, () => {
        fired = true;
      });
      f.stop();
      await sleep(10);
      expect(fired).toBe(false);
    });
    expect(r.ok).toBe(true);
  });

  it('a Ticker ticks every period until stopped', async () => {
    const r = await run(async () => {
      const t = new Ticker(10);
      const ticks = [await t.c.recv(), await t.c.recv(), await t.c.recv()];
      t.stop();
      expect(ticks).toEqual([10, 20, 30]);
    });
    expect(r.ok).toBe(true);
  });

  it('timers due at the same instant fire in an order the scheduler chooses', async () => {
    const orders = new Set<string>();
    await runSeeds(async () => {
      const ch = chan<string>(2);
      afterFunc(10, () => ch.send('a'));
      afterFunc(10, () => ch.send('b'));
      orders.add(`${await ch.recv()}${await ch.recv()}`);
    }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...orders].sort()).toEqual(['ab', 'ba']);
  });
});
