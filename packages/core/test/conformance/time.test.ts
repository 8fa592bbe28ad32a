/**
 * Go's own time tests (src/time/sleep_test.go, src/time/tick_test.go, Go 1.23),
 * ported: each case names the Go test it comes from. Virtual time makes the retry
 * loops of the originals unnecessary: a sleep of `sched` is exact. One difference in
 * the ports: Go's non-blocking `select { case <-C: default: }` becomes a wait of at
 * most 1 ms (`poll`), because after a poll that found nothing the run waits as if
 * blocked and virtual time may jump to the next timer (fairness.ts), which here is
 * the far timer the test wants not to fire.
 */
import { describe, expect, it } from 'vitest';
import {
  after, afterFunc, chan, go, nilChan, now, otherwise, Panic, recv, run, select, sleep, tick, Ticker, Timer, type Chan, type Program,
} from '@interleave/core';

const SCHED = 10;

async function ok(program: Program): Promise<void> {
  const r = await run(program);
  expect(r.findings.map((f) => f.text)).toEqual([]);
}

/** Whether a value arrives on `c` within 1 ms: Go's `select { case <-C: ...; default: }` (see the header). */
function poll<T>(c: Chan<T>): Promise<boolean> {
  return select(recv(c, () => true), recv(after(1), () => false));
}

/** Go's noTick: no value on `c`. */
async function noTick(c: Chan<number>): Promise<void> {
  expect(await poll(c)).toBe(false);
}

/** The parts of Go's testTimerChan (tick_test.go, TestChan) that hold for synchronous timer channels. */
async function timerChan(tim: { stop(): unknown; reset(ms: number): unknown; readonly c: Chan<number> }, isTicker: boolean): Promise<void> {
  const C = tim.c;
  tim.stop();
  await noTick(C);
  tim.reset(10_000_000);
  await noTick(C);
  // Modify of timer in heap: len and cap stay 0 (synchronous channel).
  tim.reset(1);
  await sleep(SCHED);
  expect([C.length, C.capacity]).toEqual([0, 0]);
  // (A blocking receive: reading `length` was a poll, see the header.)
  expect(await C.recv()).toBeTypeOf('number');
  // Reset does not leave a stale tick behind.
  await sleep(SCHED);
  tim.reset(10_000_000);
  await noTick(C);
  // Stop while a goroutine is blocked on <-C, then an imminent reset wakes it.
  const done = chan<boolean>();
  go(async () => {
    await C.recv();
    done.close();
  });
  await sleep(SCHED);
  expect(await poll(done)).toBe(false);
  tim.reset(20_000_000);
  await sleep(SCHED);
  expect(await poll(done)).toBe(false);
  tim.reset(1);
  await done.recv();
  await sleep(SCHED);
  expect(await poll(C)).toBe(isTicker);
  tim.stop();
  await noTick(C);
}

describe('Go conformance: time', () => {
  it('TestChan/Timer: a synchronous timer channel (len 0, no stale value after Stop or Reset)', () =>
    ok(async () => {
      const t = new Timer(10_000_000);
      await timerChan(t, false);
      // "Test that Stop and Reset block old values from being received" (go.dev/issue/37196).
      t.reset(1);
      await sleep(10);
      expect(t.stop()).toBe(true);
      await noTick(t.c);
      t.reset(3_600_000);
      await noTick(t.c);
      expect(t.reset(1)).toBe(true);
      await sleep(10);
      expect(await poll(t.c)).toBe(true);
      await sleep(10);
      expect(await poll(t.c)).toBe(false);
      expect(t.reset(3_600_000)).toBe(false);
    }));

  it('TestChan/Ticker: a synchronous ticker channel', () =>
    ok(async () => {
      const t = new Ticker(10_000_000);
      await timerChan(t, true);
    }));

  it('Go 1.23 timers: a value not received has not fired, so stop() then receive no longer deadlocks', () =>
    ok(async () => {
      const t = new Timer(5);
      await sleep(10);
      if (!t.stop()) await t.c.recv();
      expect(await select(recv(t.c, () => 'stale'), otherwise(() => 'none'))).toBe('none');
    }));

  it('TestAfterFunc: each callback arms the next; the chain ends in a send', () =>
    ok(async () => {
      let i = 10;
      const c = chan<boolean>();
      const f = async (): Promise<void> => {
        i--;
        if (i >= 0) {
          afterFunc(0, f);
          await sleep(1000);
        } else await c.send(true);
      };
      afterFunc(0, f);
      await c.recv();
    }));

  it('TestAfterStress-like: After(10) read at 500 gives the time it fired (TestAfterTimes)', () =>
    ok(async () => {
      const start = now();
      const c = after(10);
      await sleep(500);
      expect((await c.recv())! - start).toBe(10);
    }));

  it('TestTickTimes: Tick(10) read at 500 gives the time of the first tick', () =>
    ok(async () => {
      const start = now();
      const c = tick(10);
      await sleep(500);
      expect((await c.recv())! - start).toBe(10);
    }));

  it('TestTick: Tick of a non-positive duration is nil', () =>
    ok(() => {
      expect(tick(-1)).toBe(nilChan<number>());
      expect(tick(0)).toBe(nilChan<number>());
    }));

  it('TestNewTickerLtZeroDuration: NewTicker(-1) panics', () =>
    ok(() => {
      expect(() => new Ticker(-1)).toThrow(new Panic('non-positive interval for NewTicker'));
    }));

  it('TestTickerResetLtZeroDuration: Ticker.Reset(0) panics', () =>
    ok(() => {
      const tk = new Ticker(1000);
      expect(() => tk.reset(0)).toThrow(new Panic('non-positive interval for Ticker.Reset'));
      tk.stop();
    }));

  it('TestTicker: count/2 ticks of delta, then Reset(2*delta): 3*delta*count/2 in all; stopped, no tick', () =>
    ok(async () => {
      const count = 10;
      const delta = 20;
      const ticker = new Ticker(delta);
      const t0 = now();
      for (let i = 0; i < count / 2; i++) await ticker.c.recv();
      ticker.reset(delta * 2);
      for (let i = count / 2; i < count; i++) await ticker.c.recv();
      ticker.stop();
      expect(now() - t0).toBe((3 * delta * count) / 2);
      await sleep(2 * delta);
      expect(await poll(ticker.c)).toBe(false);
    }));

  it('TestTeardown: NewTicker, one tick, Stop, three times', () =>
    ok(async () => {
      for (let i = 0; i < 3; i++) {
        const ticker = new Ticker(100);
        await ticker.c.recv();
        ticker.stop();
      }
    }));

  it('TestReset: Reset of a pending timer returns true and moves it', () =>
    ok(async () => {
      const t = new Timer(30);
      await sleep(10);
      expect(t.reset(50)).toBe(true);
      expect(await t.c.recv()).toBe(60);
    }));

  it('TestSleepZeroDeadlock: Sleep(0) returns (and is a scheduling point)', () =>
    ok(async () => {
      const c = chan<boolean>();
      go(async () => {
        for (let i = 0; i < 100; i++) await sleep(0);
        await c.send(true);
      });
      await c.recv();
    }));
});
