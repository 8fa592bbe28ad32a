/**
 * The detectors on real programs: WaitGroup misuse, lock-order inversion,
 * recursive locking, partial deadlock (locks and channels), report locations, and replay.
 */
import { go, gosched, Mutex, run, RWMutex, shared, sleep, WaitGroup, chan, type Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { deadlockDetector, detectors, lockOrderDetector, raceDetector } from '../../src/index.ts';
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
    expect(r.findings.map((f) => f.kind)).toEqual(['lock-order', 'deadlock']);
    expect(r.findings[0]?.message).toMatch(/^recursive locking: main goroutine locks mu at (packages\/race-detector\/)?test\/e2e\/detectors\.test\.ts:\d+:\d+ while holding it/);
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
    expect(r.findings.map((f) => f.kind)).toEqual(['deadlock', 'leak']);
    expect(r.findings[0]?.goroutines.slice().sort()).toEqual([2, 3]);
    expect(r.findings[0]?.message).toMatch(/^lock cycle: goroutine (2|3) waits for goroutine (3|2) \((a|b)\), goroutine (3|2) waits for goroutine (2|3) \((b|a)\)$/);
  });

  it('is not reported when one side does not close the cycle', async () => {
    const r = await run(program(false), { monitors: [deadlockDetector], seed: 3 });
    expect(r.findings.filter((f) => f.kind === 'deadlock')).toEqual([]);
  });
});

describe('channel cycles', () => {
  /** Main and a worker play ping-pong; with `cycle`, main sends a second ping before taking the pong: both park sending. */
  const pingPong = (cycle: boolean): Program => async () => {
    const ping = chan<number>(0, 'ping');
    const pong = chan<number>(0, 'pong');
    go(async () => {
      for (;;) await pong.send((await ping.recv()) ?? 0);
    }, 'echo');
    for (let i = 0; i < 3; i++) {
      await ping.send(i);
      await pong.recv();
    }
    await ping.send(3);
    if (cycle) await ping.send(4);
    else await pong.recv();
  };

  it('joins a global deadlock: the cycle text is merged into core\'s dump, in every seed', async () => {
    for (const seed of SEEDS) {
      const r = await run(pingPong(true), { monitors: detectors(), seed });
      expect(r.findings.map((f) => f.kind)).toEqual(['deadlock']);
      const [f] = r.findings;
      expect(f?.message).toBe('all goroutines are asleep - deadlock!');
      expect(f?.goroutines).toEqual([1, 2]);
      expect(f?.text).toContain('fatal error: all goroutines are asleep - deadlock!');
      expect(f?.text).toContain('DEADLOCK: goroutines wait for each other in a cycle');
      expect(f?.text).toMatch(/Main goroutine \[chan send\] on ping: the only other goroutine that ever received from ping is 2 \(blocked \[chan send\] on pong\)\n {2}blocked at packages\/race-detector\/test\/e2e\/detectors\.test\.ts:\d+:\d+/);
      expect(f?.text).toMatch(/Goroutine 2 \[chan send\] on pong: the only other goroutine that ever received from pong is main goroutine \(blocked \[chan send\] on ping\)\n {2}blocked at \S+:\d+:\d+\n {2}created at \S+detectors\.test\.ts:\d+:\d+ by main goroutine/);
    }
  });

  it('is not reported when the program ends normally (no deadlock, no leak)', async () => {
    const r = await run(pingPong(false), { monitors: detectors(), seed: 1 });
    expect(r.findings.map((f) => f.kind)).toEqual(['leak']); // the echo goroutine waits for a next ping forever: a leak, no cycle
  });

  /** Two goroutines exchange on a and b, then both send at once; main returns after a while. */
  const crossed = (cycle: boolean): Program => async () => {
    const a = chan<number>(0, 'a');
    const b = chan<number>(0, 'b');
    go(async () => {
      for (let i = 0; i < 3; i++) {
        await a.send(i);
        await b.recv();
      }
      await a.send(3);
      if (cycle) await a.send(4);
      else await b.recv();
    }, 'left');
    go(async () => {
      for (let i = 0; i < 4; i++) {
        await a.recv();
        await b.send(i);
      }
    }, 'right');
    await sleep(10);
  };

  it('among goroutines leaked after main returned: a deadlock finding beside the leak', async () => {
    for (const seed of SEEDS) {
      const r = await run(crossed(true), { monitors: detectors(), seed });
      expect(r.findings.map((f) => f.kind)).toEqual(['leak', 'deadlock']);
      expect(r.findings[1]?.goroutines).toEqual([2, 3]);
      expect(r.findings[1]?.message).toBe('channel cycle: goroutine 2 waits for goroutine 3 (a), goroutine 3 waits for goroutine 2 (b)');
    }
  });

  it('no cycle, no deadlock finding: goroutines parked on a channel nobody else used are a plain leak', async () => {
    const r = await run(crossed(false), { monitors: detectors(), seed: 2 });
    expect(r.findings).toEqual([]);
    const stuck: Program = async () => {
      const never = chan<void>(0, 'never');
      for (let i = 0; i < 3; i++) go(() => never.recv());
      await sleep(1);
    };
    for (const seed of SEEDS) {
      const s = await run(stuck, { monitors: detectors(), seed });
      expect(s.findings.map((f) => f.kind)).toEqual(['leak']);
    }
  });

  it('leaves a partner that never touched the channel out (main sends every job before reading a result)', async () => {
    const pipeline: Program = async () => {
      const jobs = chan<number>(0, 'jobs');
      const results = chan<number>(0, 'results');
      go(async () => {
        for (;;) await results.send((await jobs.recv()) ?? 0);
      });
      for (let i = 0; i < 3; i++) await jobs.send(i);
      for (let i = 0; i < 3; i++) await results.recv();
    };
    for (const seed of SEEDS) {
      const r = await run(pipeline, { monitors: detectors(), seed });
      expect(r.findings.map((f) => f.kind)).toEqual(['deadlock']);
      expect(r.findings[0]?.text).not.toContain('DEADLOCK: goroutines wait for each other');
    }
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
