/**
 * A goroutine awaiting a plain promise (docs/async-code.md, "Plain promises"): the run
 * follows it. The goroutine is parked `[promise]` when the microtask queue runs dry and
 * goes on, as itself, when a job of its code runs; a promise nothing can settle is Go's
 * deadlock; a run that did not follow promises starts over following them, and a
 * scheduler given as an object sees one run.
 */
import { once, EventEmitter } from 'node:events';
import { readFileSync, promises as fsp } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WaitGroup, awaitedPlainPromise, chan, go, now, run, sleep, type Decision, type Scheduler } from '@interleave/core';

const source = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
const lineOf = (marker: string): number => source.findIndex((l) => l.includes(marker) && !l.includes('lineOf(')) + 1;
const here = 'packages/core/test/plain-promises.test.ts';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a goroutine awaiting a plain promise', () => {
  it('goes on when the timer callback settles it, on virtual time', async () => {
    const seen: number[] = [];
    const r = await run(async () => {
      const t0 = Date.now();
      await delay(10);
      seen.push(Date.now() - t0, now());
      await delay(5);
      seen.push(Date.now() - t0);
    });
    expect(r.findings).toEqual([]);
    expect(seen).toEqual([10, 10, 15]);
    expect(r.virtualTimeMs).toBe(15);
  });

  it('keeps JavaScript\'s order: Promise.all over timers completes in time order, each job in its microtask checkpoint', async () => {
    const r = await run(async () => {
      const order: string[] = [];
      await Promise.all([
        delay(10).then(() => order.push('10 ms')),
        delay(5).then(() => { order.push('5 ms'); return Promise.resolve().then(() => order.push('5 ms, a microtask later')); }),
      ]);
      if (order.join() !== '5 ms,5 ms, a microtask later,10 ms') throw new Error(order.join());
    });
    expect(r.findings).toEqual([]);
  });

  it('waits in goroutines beside channels: every schedule of 3 workers with delays delivers every value', async () => {
    for (let seed = 0; seed < 20; seed++) {
      const r = await run(async () => {
        const ch = chan<number>();
        const wg = new WaitGroup();
        for (let i = 0; i < 3; i++) wg.go(async () => { await delay(10 * i); await ch.send(i); });
        let sum = 0;
        for (let i = 0; i < 3; i++) sum += (await ch.recv()) ?? 0;
        await wg.wait();
        if (sum !== 3) throw new Error(`sum ${sum}`);
      }, { seed });
      expect(r.findings, `seed ${seed}`).toEqual([]);
    }
  });

  it('a .then callback of a goroutine parked on a channel runs as a goroutine of its own (a promise job), which may block', async () => {
    const r = await run(async () => {
      const ch = chan<number>();
      const done = chan<string>();
      const wg = new WaitGroup();
      wg.go(async () => {
        void delay(5).then(async () => { await done.send('from the job'); });
        await ch.recv(); // parked here when the job runs
      });
      const v = await done.recv();
      await ch.send(1);
      await wg.wait();
      if (v !== 'from the job') throw new Error(v);
    }, { locations: true });
    expect(r.findings).toEqual([]);
  });

  // A job a goroutine queued just before it suspends in an operation runs while the operation is
  // pending: Node runs it first, as code of its own (the operation's continuation comes later).
  for (const [how, queue] of [
    ['a .then callback', (job: () => Promise<void>): void => void Promise.resolve().then(job)],
    ['a queueMicrotask callback', (job: () => Promise<void>): void => queueMicrotask(() => void job())],
    ['a process.nextTick callback', (job: () => Promise<void>): void => process.nextTick(() => void job())],
  ] as const) {
    it(`${how} queued just before the goroutine suspends in an operation runs as a goroutine of its own: no missing await`, async () => {
      const r = await run(async () => {
        const ch = chan<number>(1);
        const state = { done: false };
        queue(async () => { await sleep(5); state.done = true; await ch.send(1); });
        await ch.recv(); // suspended here when the job runs
        if (!state.done) throw new Error('the job did not run first');
      }, { followPromises: true, locations: true });
      expect(r.findings).toEqual([]);
      expect(r.virtualTimeMs).toBe(5);
    });
  }

  it('the pair: the same job run by the goroutine itself without awaiting the operation is a missing await', async () => {
    const r = await run(async () => {
      const ch = chan<number>(1);
      void ch.recv(); // not awaited
      await sleep(5);
    }, { followPromises: true });
    expect(r.findings.map((f) => f.message)).toEqual(['goroutine 1 started an interleave operation while another of its operations was still pending (a missing await?)']);
  });

  it('that nothing can settle is Go\'s deadlock, naming the await: an event emitted before its listener was attached', async () => {
    const r = await run(async () => {
      const e = new EventEmitter();
      e.emit('ready');
      await once(e, 'ready'); // marker: the listener comes too late
    });
    expect(r.findings.map((f) => f.kind)).toEqual(['deadlock']);
    expect(r.findings[0]!.text).toBe(
      `fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [promise]:\n    ${here}:${lineOf('marker: the listener comes too late')}:13\n`,
    );
  });

  it('settled by real work is the foreign-await finding, once nothing else can run', async () => {
    const r = await run(async () => {
      await delay(1); // the run follows promises from here
      const wg = new WaitGroup();
      wg.go(async () => { await fsp.stat('/'); }, 'reader');
      await wg.wait();
    }, { locations: false });
    expect(r.findings.map((f) => f.message)).toEqual(['goroutine 3 "reader" awaited a promise that interleave does not control']);
    expect(r.findings[0]!.text).toContain('real work started in the run is still pending: FSReqPromise\n');
  });

  it('left pending when main returns is a leak of its goroutine', async () => {
    const r = await run(async () => {
      go(async () => { await new Promise<void>(() => {}); }, 'waiter');
      await delay(1);
    });
    expect(r.findings.map((f) => [f.kind, f.goroutines])).toEqual([['leak', [2]]]);
    expect(r.findings[0]!.text).toContain('goroutine 2 "waiter" [promise]');
  });

  it('starts the run over following promises; a scheduler given as an object sees one run, each decision once', async () => {
    const calls: string[] = [];
    const indexes: number[] = [];
    const scheduler: Scheduler = {
      startRun: () => calls.push('startRun'),
      choose: (d: Decision) => { indexes.push(d.index); return d.options - 1; },
      endRun: () => calls.push('endRun'),
    };
    const program = async (): Promise<void> => {
      const wg = new WaitGroup();
      for (let i = 0; i < 2; i++) wg.go(async () => { await delay(5); });
      await wg.wait();
    };
    const r = await run(program, { scheduler, locations: false });
    expect(r.findings).toEqual([]);
    expect(calls).toEqual(['startRun', 'endRun']);
    expect(indexes).toEqual(indexes.map((_, i) => i));
    expect(indexes.length).toBeGreaterThan(0);
    // The program function is known to follow from now on: its next run starts following.
    const again = await run(program, { scheduler: { choose: (d) => d.options - 1 }, locations: false });
    expect(again.schedule).toBe(r.schedule);
  });

  it('with followPromises: false is the foreign-await finding, marked for a run that follows', async () => {
    const r = await run(async () => { await delay(5); }, { followPromises: false, locations: false });
    expect(r.findings.map((f) => f.message)).toEqual(['goroutine 1 awaited a promise that interleave does not control']);
    expect(awaitedPlainPromise(r)).toBe(true);
    expect(awaitedPlainPromise(await run(async () => { await delay(5); }, { locations: false }))).toBe(false);
  });

  it('followPromises must be a boolean', async () => {
    await expect(run(() => {}, { followPromises: 'yes' as unknown as boolean })).rejects.toThrow('run(program, options): options.followPromises must be true or false, got "yes"');
  });
});
