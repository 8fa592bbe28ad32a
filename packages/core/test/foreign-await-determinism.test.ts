/**
 * A foreign await is found in every run, not some (issue 12): while a run is in
 * progress the event loop gets no turn (quiescence.ts), so real I/O cannot finish
 * in the middle of it, however fast it is.
 */
import { promises as fsp } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WaitGroup, chan, isForeignAwait, run, sleep } from '@interleave/core';

describe('a foreign await is found deterministically', () => {
  it('fs.promises.stat awaited by a goroutine that goes on after it: reported in 50 of 50 runs, with the same text', async () => {
    const texts = new Set<string>();
    let reported = 0;
    for (let seed = 0; seed < 50; seed++) {
      const r = await run(async () => {
        const done = chan<number>(1);
        const wg = new WaitGroup();
        wg.go(async () => {
          await sleep(1);
          const st = await fsp.stat('/'); // fast real I/O
          await done.send(st.size >= 0 ? 1 : 0); // and it goes on after the I/O
        }, 'stat');
        await wg.wait();
        await done.recv();
      }, { seed: 7, locations: false });
      if (r.findings.length === 1 && isForeignAwait(r.findings[0]!)) reported++;
      texts.add(r.findings.map((f) => f.text).join('\n'));
    }
    expect(reported).toBe(50);
    expect(texts.size).toBe(1);
    expect([...texts][0]).toContain('real work started in the run is still pending: FSReqPromise\n');
  });

  it('says when no real work is pending, in a run that does not follow promises: a promise settled by nobody, or by a timer callback', async () => {
    const nobody = await run(async () => {
      await sleep(1);
      await new Promise<void>(() => {}); // settled by nobody
    }, { locations: false, followPromises: false });
    expect(nobody.findings[0]!.text).toContain('no real work started in the run is pending (no I/O, no real timer): the promise is settled by nobody, or by code outside the run\n');
    const byTimer = await run(async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 10)); // a virtual timer's callback settles it
    }, { locations: false, followPromises: false });
    expect(isForeignAwait(byTimer.findings[0]!)).toBe(true);
    expect(byTimer.findings[0]!.text).toContain('or later by code of the run such as a timer callback (this run does not follow plain promises: `followPromises: false`)');
  });

  it('following promises (the default), the first is a deadlock and the second goes on at the timer', async () => {
    const nobody = await run(async () => {
      await sleep(1);
      await new Promise<void>(() => {});
    }, { locations: false });
    expect(nobody.findings.map((f) => f.message)).toEqual(['all goroutines are asleep - deadlock!']);
    const byTimer = await run(async () => {
      await new Promise<void>((resolve) => setTimeout(resolve, 10));
    }, { locations: false });
    expect(byTimer).toMatchObject({ ok: true, virtualTimeMs: 10 });
  });

  it('the located report names the line of the await, every time', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await run(async () => {
        await sleep(1);
        await fsp.stat('/'); // marker: the stat
      });
      expect(r.findings.map((f) => f.message)).toEqual(['goroutine 1 awaited a promise that interleave does not control']);
      expect(r.findings[0]!.text).toMatch(/awaited at:\n {4}packages\/core\/test\/foreign-await-determinism\.test\.ts:\d+/);
      expect(r.findings[0]!.text).not.toContain('did not stall');
    }
  });

  it('a chain of plain awaits that settle at once, and a promise a nextTick settles, are no foreign await', async () => {
    const r = await run(async () => {
      for (let i = 0; i < 1000; i++) await Promise.resolve(i); // far more hops than the sentinel waits before it counts
      await new Promise<void>((resolve) => process.nextTick(resolve));
      await sleep(1);
      await new Promise<void>((resolve) => process.nextTick(() => process.nextTick(resolve)));
    });
    expect(r.findings).toEqual([]);
  });
});
