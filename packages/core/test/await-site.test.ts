/**
 * A run that stalls on a foreign promise names the line where the goroutine made
 * or awaited it (await-site.ts), in the located re-run only: a plain run's report
 * says only where the goroutine last was at a scheduling point.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WaitGroup, chan, isForeignAwait, randomInt, run, sleep } from '@interleave/core';

const source = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
const lineOf = (marker: string): number => source.findIndex((l) => l.includes(marker) && !l.includes('lineOf(')) + 1;
const here = 'packages/core/test/await-site.test.ts';
/** A real timer (inside a run `setTimeout` is virtual, and a promise its callback settles is followed): real work the run waits on. */
const realSetTimeout = globalThis.setTimeout;

/** A real timer behind an async helper: the foreign promise is made two calls down. */
async function realDelay(ms: number): Promise<void> {
  await Promise.resolve();
  await new Promise((resolve) => realSetTimeout(resolve, ms)); // marker: helper's timer
}

describe('the report of a foreign await', () => {
  it('names the line of the await, and the last scheduling point before it', async () => {
    const r = await run(async () => {
      await sleep(1); // marker: main's sleep
      await new Promise((resolve) => realSetTimeout(resolve, 100)); // marker: main's timer
    });
    const text = r.findings[0]!.text;
    expect(text).toContain(`goroutine 1 [awaiting a foreign promise], awaited at:\n    ${here}:${lineOf("marker: main's timer")}:`);
    expect(text).toContain(`after its last scheduling point at:\n    ${here}:${lineOf("marker: main's sleep")}:`);
  });

  it('names the promise that never settles, behind plain awaits and a helper', async () => {
    const r = await run(async () => {
      const ch = chan<number>(1);
      const wg = new WaitGroup();
      wg.go(async () => {
        await ch.send(1);
        for (let i = 0; i < 3; i++) await Promise.resolve();
        await realDelay(100);
      }, 'worker');
      await wg.wait();
    });
    expect(r.findings.map((f) => f.kind)).toEqual(['nondeterminism']);
    expect(r.findings[0]!.text).toContain(`goroutine 2 "worker" [awaiting a foreign promise], awaited at:\n    ${here}:${lineOf("marker: helper's timer")}:`);
  });

  it('names the await when the promise was made before the step (a deferred resolved by nobody)', async () => {
    const r = await run(async () => {
      let release: () => void = () => {};
      const deferred = new Promise<void>((resolve) => { release = resolve; });
      await sleep(1);
      await deferred; // marker: awaits the deferred
      release();
    }, { followPromises: false });
    expect(r.findings[0]!.text).toContain(`awaited at:\n    ${here}:${lineOf('marker: awaits the deferred')}:`);
  });

  it('following promises (the default), the same deferred is Go\'s deadlock, naming the line of the await', async () => {
    const r = await run(async () => {
      let release: () => void = () => {};
      const deferred = new Promise<void>((resolve) => { release = resolve; });
      await sleep(1);
      await deferred; // marker: followed, awaits the deferred
      release();
    });
    expect(r.findings.map((f) => f.kind)).toEqual(['deadlock']);
    expect(r.findings[0]!.text).toBe(
      `fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [promise]:\n    ${here}:${lineOf('marker: followed, awaits the deferred')}:7\n`,
    );
  });

  it('keeps the first run\'s finding, saying why it has no locations, when the re-run does not stall', async () => {
    let runs = 0; // state across runs: the re-run does not await the outside world (as a foreign promise that settled in time)
    const r = await run(async () => {
      await sleep(1);
      if (runs++ === 0) await new Promise((resolve) => realSetTimeout(resolve, 100));
    });
    expect(r.findings.map((f) => f.message)).toEqual(['goroutine 1 awaited a promise that interleave does not control']);
    expect(r.findings[0]!.text).toContain('(The re-run that adds source locations did not stall: its foreign promise settled before the runtime looked');
  });

  it('is told apart from other nondeterminism by isForeignAwait', async () => {
    const stalled = await run(async () => { await new Promise((resolve) => realSetTimeout(resolve, 100)); });
    expect(isForeignAwait(stalled.findings[0]!)).toBe(true);
    const first = await run(() => { randomInt(2); randomInt(2); });
    const misfit = await run(() => {}, { replay: first.schedule }); // the token holds decisions this program does not make
    expect(misfit.findings.map((f) => [f.kind, isForeignAwait(f)])).toEqual([['nondeterminism', false]]);
  });

  it('is not named by a run without locations (its report says where to look instead)', async () => {
    const r = await run(async () => {
      await sleep(1);
      await new Promise((resolve) => realSetTimeout(resolve, 1));
    }, { locations: false });
    expect(r.findings[0]!.text).not.toContain('awaited at');
    expect(r.findings[0]!.text).toContain('after its last scheduling point at:');
  });
});
