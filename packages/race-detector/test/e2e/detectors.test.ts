/**
 * The detectors on real programs: WaitGroup misuse, lock-order inversion,
 * recursive locking, partial deadlock, report locations, and replay.
 */
import { go, gosched, Mutex, run, RWMutex, shared, sleep, WaitGroup, chan, type Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { deadlockDetector, lockOrderDetector, raceDetector } from '../../src/index.ts';
import { findingsPerSeed, runsWith, SEEDS } from './harness.ts';

describe('WaitGroup misuse', () => {
  const workers = (addInside: boolean): Program => async () => {
    const wg = new WaitGroup('wg');
    for (let i = 0; i < 3; i++) {
      if (!addInside) wg.add(1);
      go(async () => {
        if (addInside) wg.add(1);
        await gosched();
        wg.done();
      });
    }
    await wg.wait();
  };

  it('add inside the spawned goroutine races with wait, in every schedule', async () => {
    const per = await findingsPerSeed(workers(true), 'race');
    expect(runsWith(per)).toBe(SEEDS.length);
    for (const f of per.flat()) {
      expect(f.message).toMatch(/^WaitGroup\.add called concurrently with wait/);
    }
  });

  it('add before go does not', async () => {
    expect((await findingsPerSeed(workers(false), 'race')).flat()).toEqual([]);
  });
});

describe('lock-order inversion', () => {
  const transfer = (consistent: boolean): Program => async () => {
    const a = new Mutex('accounts');
    const b = new Mutex('ledger');
    const wg = new WaitGroup();
    wg.add(2);
    go(async () => {
      await a.lock();
      await b.lock();
      b.unlock();
      a.unlock();
      wg.done();
    });
    go(async () => {
      const [first, second] = consistent ? [a, b] : [b, a];
      await first.lock();
      await second.lock();
      second.unlock();
      first.unlock();
      wg.done();
    });
    await wg.wait();
  };

  it('is reported in every schedule, deadlocked or not', async () => {
    const per = await findingsPerSeed(transfer(false), 'lock-order');
    expect(runsWith(per)).toBe(SEEDS.length);
    expect(per[0]?.[0]?.message).toMatch(/^lock order inversion: goroutine \d locked (accounts|ledger) at (packages\/race-detector\/)?test\/e2e\/detectors\.test\.ts:\d+:\d+ while holding/);
  });

  it('is not reported when both take the locks in one order', async () => {
    expect((await findingsPerSeed(transfer(true), 'lock-order')).flat()).toEqual([]);
    expect((await findingsPerSeed(transfer(true), 'deadlock')).flat()).toEqual([]);
  });
});

describe('recursive locking', () => {
  it('reports recursive read locking even when no writer interleaves, not sequential read locks', async () => {
    const program = (recursive: boolean): Program => async () => {
      const rw = new RWMutex('cache');
      await rw.rLock();
      if (!recursive) rw.rUnlock();
      await rw.rLock();
      rw.rUnlock();
      if (recursive) rw.rUnlock();
    };
    const per = await findingsPerSeed(program(true), 'lock-order');
    expect(runsWith(per)).toBe(SEEDS.length);
    expect(per[0]?.[0]?.text).toContain('Go prohibits recursive read locking');
    expect((await findingsPerSeed(program(false), 'lock-order')).flat()).toEqual([]);
  });

  it('reports a Mutex locked twice by its holder', async () => {
    const r = await run(
      async () => {
        const mu = new Mutex('mu');
        await mu.lock();
        await mu.lock();
      },
      { monitors: [lockOrderDetector], seed: 1 },
    );
    expect(r.findings.map((f) => f.kind)).toEqual(['deadlock', 'lock-order']);
    expect(r.findings[1]?.message).toMatch(/^recursive locking: main goroutine locks mu at (packages\/race-detector\/)?test\/e2e\/detectors\.test\.ts:\d+:\d+ while holding it/);
  });
});

describe('partial deadlock', () => {
  const program = (cycle: boolean): Program => async () => {
    const a = new Mutex('a');
    const b = new Mutex('b');
    const ready = chan<void>(2);
    go(async () => {
      await a.lock();
      await ready.send();
      await sleep(5);
      await b.lock();
    });
    go(async () => {
      await b.lock();
      await ready.send();
      await sleep(5);
      if (cycle) await a.lock();
      b.unlock();
    });
    await ready.recv();
    await ready.recv();
    await sleep(100); // main keeps running past the cycle, then returns
  };

  it('is reported while main still runs (core sees only leaks)', async () => {
    const r = await run(program(true), { monitors: [deadlockDetector], seed: 3 });
    expect(r.findings.map((f) => f.kind)).toEqual(['leak', 'deadlock']);
    expect(r.findings[1]?.goroutines.slice().sort()).toEqual([2, 3]);
    expect(r.findings[1]?.message).toMatch(/^lock cycle: goroutine (2|3) waits for goroutine (3|2) \((a|b)\), goroutine (3|2) waits for goroutine (2|3) \((b|a)\)$/);
  });

  it('is not reported when one side does not close the cycle', async () => {
    const r = await run(program(false), { monitors: [deadlockDetector], seed: 3 });
    expect(r.findings.filter((f) => f.kind === 'deadlock')).toEqual([]);
  });
});

describe('race reports from a real program', () => {
  const racy: Program = async () => {
    const hits = shared(0, 'hits');
    const done = chan<void>();
    go(async () => {
      hits.value = 1;
      await done.send();
    }, 'writer');
    void hits.value;
    await done.recv();
  };

  it('carry both locations and the creation site', async () => {
    const r = await run(racy, { monitors: [raceDetector], seed: 0 });
    const [f] = r.findings;
    expect(f?.kind).toBe('race');
    const text = (f?.text ?? '').replace(/:\d+:\d+/g, ':L:C');
    expect(text).toMatch(/(Write at hits by goroutine 2|Read at hits by main goroutine):\n {2}(packages\/race-detector\/)?test\/e2e\/detectors\.test\.ts:L:C/);
    expect(text).toContain('Goroutine 2 "writer" (');
    expect(text).not.toContain('location not captured');
  });

  it('replay the same finding from the schedule token', async () => {
    const first = await run(racy, { monitors: [raceDetector], seed: 5 });
    const again = await run(racy, { monitors: [raceDetector], replay: first.schedule });
    expect(again.findings).toEqual(first.findings);
  });
});
