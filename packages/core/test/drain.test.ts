/** After main returns: a bounded drain (10 s of virtual time), and findings made in it say so. */
import { describe, expect, it } from 'vitest';
import { run, go, chan, sleep, shared, type Finding, type Monitor } from '@interleave/core';

describe('the drain after main returns', () => {
  it('code after a 292-year sleep never runs: a leak naming the timer that never fires; a 1 s sleep finishes', async () => {
    const ran: string[] = [];
    const r = await run(async () => {
      go(async () => { await sleep(292 * 365 * 24 * 3600 * 1000); ran.push('after the sleep'); }, 'sleeper');
    });
    expect(ran).toEqual([]);
    expect(r.findings.map((f) => f.message)).toEqual(['1 goroutine leaked: goroutine 2 [sleep]']);
    expect(r.findings[0]!.text).toContain('Timers due more than 10,000 ms of virtual time after main returned never fire');
    expect(r.virtualTimeMs).toBe(0);
    const short = await run(async () => {
      go(async () => { await sleep(1000); ran.push('after the sleep'); });
    });
    expect(short.findings).toEqual([]);
    expect(ran).toEqual(['after the sleep']);
  });

  it('a timer just past the window does not fire; one at its edge does', async () => {
    for (const [ms, fired] of [[10_001, false], [10_000, true]] as const) {
      let done = false;
      const r = await run(async () => {
        const t = chan<number>();
        go(async () => { await sleep(ms); done = true; await t.send(1); }, 'late');
        go(async () => { await t.recv(); }, 'waiter');
      });
      expect(done).toBe(fired);
      expect(r.findings.map((f) => f.kind)).toEqual(fired ? [] : ['leak']);
    }
  });

  it("a panic raised only in the drain says so; the same panic before main's return does not", async () => {
    const closeTwice = async (): Promise<void> => {
      await sleep(50);
      const c = chan<number>();
      c.close();
      c.close();
    };
    const late = await run(async () => { go(closeTwice, 'kernel'); });
    expect(late.findings.map((f) => f.message)).toEqual(['panic: close of closed channel (goroutine 2) (after main returned)']);
    expect(late.findings[0]!.text).toContain("This happened after main returned, while the other goroutines were let finish (at most 10,000 ms of virtual time and 10,000 steps); Go ends the program when main returns");
    const early = await run(async () => {
      const done = chan<void>();
      go(async () => { try { await closeTwice(); } finally { done.close(); } }, 'kernel');
      await done.recv();
      await sleep(1);
    });
    expect(early.findings.map((f) => f.message)).toEqual(['panic: close of closed channel (goroutine 2)']);
  });

  it("a monitor's finding made in the drain says so; one made before main returned does not", async () => {
    /** Reports the first Shared write of goroutine 2, stamped with the steps taken then. */
    const writes = (): Monitor => {
      let steps = 0;
      let found: Finding | undefined;
      return {
        step(step) { steps = step + 1; },
        access(g, _o, write) {
          if (g === 2 && write && !found) found = { kind: 'race', message: 'write by goroutine 2', text: 'write by goroutine 2\n', goroutines: [2], step: steps };
        },
        runEnd: () => (found ? [found] : []),
      };
    };
    const program = (mainWaits: boolean) => async (): Promise<void> => {
      const x = shared(0);
      const done = chan<void>(1);
      go(async () => { await sleep(10); x.value = 1; await done.send(); });
      if (mainWaits) await done.recv();
    };
    const late = await run(program(false), { monitors: [writes] });
    expect(late.findings.map((f) => f.message)).toEqual(['write by goroutine 2 (after main returned)']);
    const early = await run(program(true), { monitors: [writes] });
    expect(early.findings.map((f) => f.message)).toEqual(['write by goroutine 2']);
  });
});
