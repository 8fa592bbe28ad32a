/** A goroutine of a run that ended never reaches another run. */
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
});
