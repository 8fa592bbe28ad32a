/**
 * Inside a run the host's clock and timers are virtual (virtual-globals.ts): timer
 * callbacks run as goroutines on the run's clock, ties are decisions, `Date` reads
 * the virtual epoch, and every original is back when the run ends, however it ends.
 */
import timers from 'node:timers';
import timersPromises, { setTimeout as delay, scheduler } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { WaitGroup, chan, go, now, run, sleep, type Scheduler } from '@interleave/core';

const originals = (): unknown[] => [
  globalThis.setTimeout, globalThis.clearTimeout, globalThis.setInterval, globalThis.clearInterval,
  globalThis.setImmediate, globalThis.clearImmediate, globalThis.Date, Date.now, AbortSignal.timeout,
  timers.setTimeout, timers.setInterval, timers.setImmediate, timers.clearTimeout,
  timersPromises.setTimeout, timersPromises.setImmediate, timersPromises.setInterval,
  scheduler.wait, scheduler.yield, Object.hasOwn(scheduler, 'wait'),
];

describe('virtual globals inside a run', () => {
  it('replaces each global inside the run and puts every original back after it ends: returned, panicked or aborted', async () => {
    const before = originals();
    let inside: unknown[] = [];
    const ok = await run(() => { inside = originals(); });
    expect(ok.ok).toBe(true);
    expect(inside.slice(0, 18).filter((f, i) => f === before[i])).toEqual([]); // every one was virtual
    expect(originals()).toEqual(before);
    const panicked = await run(() => { throw new Error('boom'); });
    expect(panicked.findings.map((f) => f.kind)).toEqual(['panic']);
    expect(originals()).toEqual(before);
    const broken: Scheduler = { choose: () => { throw new Error('scheduler bug'); } };
    await expect(run(async () => { go(() => sleep(1)); await sleep(1); }, { scheduler: broken })).rejects.toThrow('scheduler bug');
    expect(originals()).toEqual(before);
  });

  it('puts back what was there when the run started, such as a fake the test installed', async () => {
    const host = globalThis.setTimeout;
    const fake = Object.assign(() => 0, { __promisify__: host.__promisify__ }) as unknown as typeof setTimeout;
    globalThis.setTimeout = fake;
    try {
      let insideIsFake = true;
      const r = await run(() => { insideIsFake = globalThis.setTimeout === fake; });
      expect(r.ok).toBe(true);
      expect(insideIsFake).toBe(false);
      expect(globalThis.setTimeout).toBe(fake);
    } finally {
      globalThis.setTimeout = host;
    }
  });

  it('Date reads the virtual epoch plus virtual time; its other forms are the original\'s', async () => {
    const seen: string[] = [];
    const r = await run(async () => {
      seen.push(new Date().toISOString(), String(Date.now()));
      await sleep(1500);
      seen.push(new Date().toISOString(), new Date(0).toISOString(), String(new Date() instanceof Date), String(typeof Date() === 'string'));
    });
    expect(r.ok).toBe(true);
    expect(seen).toEqual(['2000-01-01T00:00:00.000Z', '946684800000', '2000-01-01T00:00:01.500Z', '1970-01-01T00:00:00.000Z', 'true', 'true']);
    expect(Date.now()).toBeGreaterThan(946684800000 + 10 ** 11); // real again
  });

  it('runs timer callbacks as goroutines at their virtual time; clearTimeout and clearInterval cancel', async () => {
    const events: string[] = [];
    const r = await run(async () => {
      const wg = new WaitGroup();
      wg.add(3);
      setTimeout(() => { events.push(`b@${now()}`); wg.done(); }, 20);
      setTimeout((x: string) => { events.push(`${x}@${now()}`); wg.done(); }, 10, 'a');
      const never = setTimeout(() => events.push('cancelled'), 5);
      clearTimeout(never);
      let ticks = 0;
      const every = setInterval(() => {
        events.push(`tick@${now()}`);
        if (++ticks === 3) { clearInterval(every); wg.done(); }
      }, 7);
      await wg.wait();
    });
    expect(r.findings).toEqual([]);
    expect(events).toEqual(['tick@7', 'a@10', 'tick@14', 'b@20', 'tick@21']);
  });

  it('a timer callback starts only once the microtask queue is empty, as in Node: a chain of plain microtasks runs first', async () => {
    const log: string[] = [];
    const r = await run(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      setTimeout(() => { log.push('timer'); wg.done(); }, 0);
      void Promise.resolve().then(() => log.push('m1')).then(() => log.push('m2')).then(() => log.push('m3'));
      await wg.wait();
    });
    expect(r.findings).toEqual([]);
    expect(log).toEqual(['m1', 'm2', 'm3', 'timer']);
  });

  it('node:timers/promises awaited by a goroutine are scheduling points on the virtual clock, and an AbortSignal wakes them', async () => {
    const got: unknown[] = [];
    const r = await run(async () => {
      got.push(await delay(50, 'v'), now());
      await scheduler.wait(30);
      got.push(now());
      const ac = new AbortController();
      const done = chan<string>();
      go(async () => {
        try { await delay(1000, 'late', { signal: ac.signal }); await done.send('slept'); } catch (e) { await done.send(`${(e as Error).name} at ${now()}`); }
      });
      await sleep(10);
      ac.abort();
      got.push(await done.recv());
      const signal = AbortSignal.timeout(100);
      got.push(signal.aborted);
      await sleep(100);
      got.push(signal.aborted, (signal.reason as Error).name);
    });
    expect(r.findings).toEqual([]);
    expect(got).toEqual(['v', 50, 80, 'AbortError at 90', false, true, 'TimeoutError']);
  });

  it('a callback that panics is reported as its own goroutine, created where the timer was armed', async () => {
    const r = await run(async () => {
      const wg = new WaitGroup();
      wg.add(1);
      setTimeout(() => { throw new Error('callback failed'); }, 10); // marker: armed here
      await wg.wait();
    });
    expect(r.findings.map((f) => f.message)).toEqual(['panic: Error: callback failed (goroutine 2)']);
    expect(r.findings[0]!.text).toMatch(/goroutine 2 "setTimeout callback"/);
    expect(r.findings[0]!.text).toMatch(/created by goroutine 1 at packages\/core\/test\/virtual-globals\.test\.ts:\d+/);
  });

  it('callbacks due at the same instant are a timer decision: a last-writer bug found under some seeds, and replayed', async () => {
    const program = async (): Promise<void> => {
      const state = { owner: '' };
      const wg = new WaitGroup();
      wg.add(2);
      setTimeout(() => { state.owner = 'first'; wg.done(); }, 10);
      setTimeout(() => { state.owner = 'second'; wg.done(); }, 10);
      await wg.wait();
      if (state.owner !== 'second') throw new Error(`owner is ${state.owner}`);
    };
    const results = [];
    for (let seed = 0; seed < 20; seed++) results.push(await run(program, { seed }));
    const failing = results.filter((x) => !x.ok);
    expect(failing.length).toBeGreaterThan(0);
    expect(results.some((x) => x.ok)).toBe(true);
    const again = await run(program, { replay: failing[0]!.schedule });
    expect(again.findings.map((f) => f.message)).toEqual(['panic: Error: owner is first (goroutine 1)']);
    const same = await run(program, { seed: results.indexOf(failing[0]!) });
    expect(same.findings.map((f) => f.text)).toEqual(failing[0]!.findings.map((f) => f.text));
  });

  it('outside a run, and in host code with no goroutine running, the timers are real', async () => {
    const t0 = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1));
    expect(Date.now()).toBeGreaterThanOrEqual(t0);
    expect(await delay(1, 'real')).toBe('real');
  });
});
