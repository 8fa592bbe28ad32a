import { describe, expect, it } from 'vitest';
import { run, go, sleep, now, after, afterFunc, tick, Timer, Ticker, WaitGroup, chan } from '@interleave/core';
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

describe('Go 1.23 timer channels', () => {
  it('a value sent but not received has not fired: stop() is true and discards it; once received, stop() is false', async () => {
    const r = await run(async () => {
      const t = new Timer(5);
      await sleep(10);
      expect(t.stop()).toBe(true);
      const u = new Timer(5);
      await u.c.recv();
      expect(u.stop()).toBe(false);
    });
    expect(r.findings).toEqual([]);
  });

  it('`if (!t.stop()) await t.c.recv()` after the timer fired returns; a receive without the stop waits for the value', async () => {
    const withStop = await run(async () => {
      const t = new Timer(5);
      await sleep(10);
      if (!t.stop()) await t.c.recv();
    });
    expect(withStop.findings).toEqual([]);
    const withoutStop = await run(async () => {
      const t = new Timer(5);
      await sleep(10);
      t.stop();
      await t.c.recv();
    });
    expect(withoutStop.findings.map((f) => f.kind)).toEqual(['deadlock']);
  });

  it('reset() of a timer whose value was not received is true and the old value never arrives; the new one does', async () => {
    const r = await run(async () => {
      const t = new Timer(5);
      await sleep(10);
      expect(t.reset(20)).toBe(true);
      expect(await t.c.recv()).toBe(30);
    });
    expect(r.findings).toEqual([]);
  });

  it('a timer channel reports length and capacity 0; a channel of capacity 1 holding a value reports 1 and 1', async () => {
    const r = await run(async () => {
      const t = new Timer(1);
      await sleep(5);
      expect([t.c.length, t.c.capacity]).toEqual([0, 0]);
      const c = chan<number>(1);
      await c.send(1);
      expect([c.length, c.capacity]).toEqual([1, 1]);
    });
    expect(r.findings).toEqual([]);
  });

  it('Ticker.reset(0) panics with Go\'s words; reset(5) re-arms', async () => {
    const zero = await run(() => {
      new Ticker(10).reset(0);
    });
    expect(zero.findings.map((f) => f.message)).toEqual(['panic: non-positive interval for Ticker.Reset (goroutine 1)']);
    const five = await run(async () => {
      const t = new Ticker(10);
      t.reset(5);
      expect(await t.c.recv()).toBe(5);
      t.stop();
    });
    expect(five.findings).toEqual([]);
  });

  it('tick(10) ticks every 10 ms; tick(0) is the nil channel, a receive blocks forever', async () => {
    const ten = await run(async () => {
      const c = tick(10);
      expect([await c.recv(), await c.recv()]).toEqual([10, 20]);
    }, { leaks: false });
    expect(ten.findings).toEqual([]);
    const zero = await run(async () => {
      await tick(0).recv();
    });
    expect(zero.findings.map((f) => f.kind)).toEqual(['deadlock']);
  });
});
