/** A goroutine of a run that ended never reaches another run. */
import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { run, go, chan, gosched, sleep, WaitGroup, type Monitor, type RunControl } from '@interleave/core';

/** A real immediate: inside a run `setImmediate` is virtual (virtual-globals.ts), so the monitor uses the one captured at load. */
const realSetImmediate = globalThis.setImmediate;

describe('every goroutine is bound to its run', () => {
  it("a goroutine abandoned on a foreign promise by the first run wakes while the second is paused: its go() and sleep() reach nothing; the second run's own goroutines run", async () => {
    let wake: (() => void) | undefined;
    const injected: string[] = [];
    const first = await run(async () => {
      await new Promise<void>((resolve) => { wake = resolve; }); // foreign: the run ends here
      go(() => { injected.push('go() of the abandoned goroutine ran'); throw new Error('injected'); });
      await sleep(1);
      injected.push('sleep() of the abandoned goroutine returned');
    }, { locations: false, followPromises: false });
    expect(first.findings.map((f) => f.message)).toEqual(['goroutine 1 awaited a promise that interleave does not control']);

    /** At step 3 wakes the abandoned goroutine (an immediate queued before the stuck check's) and asks for a stuck check. */
    const pauser = (): Monitor => {
      let control: RunControl | undefined;
      return {
        runStart(_info, c) { control = c; },
        step(step) {
          if (step !== 3) return;
          realSetImmediate(() => wake?.());
          control!.checkStuck();
        },
      };
    };
    const second = await run(async () => {
      const wg = new WaitGroup();
      const ch = chan<number>();
      wg.go(async () => { await ch.send(1); });
      wg.go(async () => { await ch.recv(); });
      for (let i = 0; i < 5; i++) await gosched();
      await wg.wait();
    }, { monitors: [pauser], locations: false });
    expect(second.findings).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(injected).toEqual([]);
    expect(wake).toBeDefined();
  });

  it('a goroutine of a run that followed promises, woken in the middle of the next (not paused): its go() and sleep() reach nothing', async () => {
    let wake: (() => void) | undefined;
    const injected: string[] = [];
    const first = await run(async () => {
      await new Promise<void>((resolve) => { wake = resolve; }); // settled by nobody in the run: Go's deadlock
      go(() => { injected.push('go() of the abandoned goroutine ran'); });
      await sleep(1);
      injected.push('sleep() of the abandoned goroutine returned');
    }, { locations: false, followPromises: true });
    expect(first.findings.map((f) => f.kind)).toEqual(['deadlock']);
    const second = await run(async () => {
      const wg = new WaitGroup();
      const ch = chan<number>();
      wg.go(async () => { await ch.send(1); });
      wg.go(async () => {
        await new Promise<void>((resolve) => { queueMicrotask(resolve); }); // followed: this run's own plain promise
        wake?.(); // the abandoned goroutine's job runs in this run's microtasks
        await ch.recv();
      });
      for (let i = 0; i < 3; i++) await gosched();
      await wg.wait();
    }, { locations: false, followPromises: true });
    expect(second.findings).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(injected).toEqual([]);
  });

  /** Real turns of the event loop until `done()` or 1,000 turns (never hangs). */
  async function turnsUntil(done: () => boolean): Promise<void> {
    for (let i = 0; i < 1000 && !done(); i++) await new Promise((resolve) => realSetImmediate(resolve));
  }

  it('a goroutine woken after its run ended, with no run active, does not run in production mode: its go() starts nothing, its gosched() never returns', async () => {
    let wake: (() => void) | undefined;
    const trace: string[] = [];
    const first = await run(async () => {
      await new Promise<void>((resolve) => { wake = resolve; }); // settled by nobody in the run: Go's deadlock
      trace.push('woke');
      go(() => { trace.push('go() of the ended run ran'); });
      await gosched();
      trace.push('gosched() of the ended run returned');
    }, { locations: false });
    expect(first.findings.map((f) => f.kind)).toEqual(['deadlock']);
    wake?.(); // no run is active now
    await turnsUntil(() => trace.length > 1);
    expect(trace).toEqual(['woke']);
  });

  it('the same goroutine after real I/O it awaited (the foreign-await finding): the I/O completes after the run, and its go() starts nothing', async () => {
    const trace: string[] = [];
    const first = await run(async () => {
      await stat('/'); // real I/O: the run ends here
      trace.push('woke');
      go(() => { trace.push('go() of the ended run ran'); });
      await gosched();
      trace.push('gosched() of the ended run returned');
    }, { locations: false, followPromises: true }); // tracked from the start (an untracked first attempt's goroutine is not known after its run)
    expect(first.findings.map((f) => f.kind)).toEqual(['nondeterminism']);
    await turnsUntil(() => trace.length > 0);
    await turnsUntil(() => trace.length > 1);
    expect(trace).toEqual(['woke']);
  });

  it('a goroutine of a run that followed promises, woken by code of a later run that does not: its go() and sleep() reach nothing', async () => {
    let wake: (() => void) | undefined;
    const injected: string[] = [];
    const first = await run(async () => {
      await new Promise<void>((resolve) => { wake = resolve; });
      go(() => { injected.push('go() of the ended run ran'); });
      await sleep(1);
      injected.push('sleep() of the ended run returned');
    }, { locations: false, followPromises: true });
    expect(first.findings.map((f) => f.kind)).toEqual(['deadlock']);
    const second = await run(async () => {
      wake?.(); // the first run's goroutine wakes in this run's microtasks
      await gosched();
      await sleep(2);
    }, { locations: false, followPromises: false });
    expect(second.findings).toEqual([]);
    await turnsUntil(() => injected.length > 0);
    expect(injected).toEqual([]);
  });

  it('the pair: code outside any run that is nobody\'s goroutine still runs in production mode after such a run', async () => {
    let wake: (() => void) | undefined;
    await run(async () => { await new Promise<void>((resolve) => { wake = resolve; }); }, { locations: false });
    const trace: string[] = [];
    wake?.();
    await new Promise<void>((resolve) => realSetImmediate(resolve));
    go(() => { trace.push('production go() ran'); });
    await gosched();
    trace.push('production gosched() returned');
    await turnsUntil(() => trace.length > 1);
    expect(trace).toEqual(['production go() ran', 'production gosched() returned']);
  });
});
