/**
 * PCT told by the recorder which goroutines can run answers every decision as
 * PCT reading the offered list does (the same tokens, decision for decision),
 * on real programs with many goroutines, locks, channels, spawns, a spin-wait
 * that the fairness rule defers, and timers; and the candidate view keeps
 * priorities and ranks as a scan of them would.
 */
import { Chan, go, gosched, Mutex, shared, sleep, WaitGroup, run, type Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { Candidates } from '../../src/strategies/pct-candidates.ts';
import { PctScheduler } from '../../src/strategies/pct.ts';
import { makeRng } from '../../src/strategies/rng.ts';
import { Recorder } from '../../src/trace/recorder.ts';

const lockedCounter: Program = async () => {
  const mu = new Mutex();
  const n = shared(0, 'n');
  const wg = new WaitGroup();
  for (let i = 0; i < 40; i++) {
    wg.go(async () => {
      await mu.lock();
      n.value++;
      mu.unlock();
    });
  }
  await wg.wait();
};

const pipeline: Program = async () => {
  const jobs = new Chan<number>(2);
  const results = new Chan<number>();
  for (let w = 0; w < 4; w++) {
    go(async () => {
      for (;;) {
        const [job, ok] = await jobs.recvOk();
        if (!ok) return;
        await sleep((job ?? 0) % 3);
        await results.send((job ?? 0) * 2);
      }
    });
  }
  go(async () => {
    for (let j = 0; j < 12; j++) await jobs.send(j);
    jobs.close();
  });
  let sum = 0;
  for (let j = 0; j < 12; j++) sum += (await results.recv()) ?? 0;
  if (sum !== 132) throw new Error(`sum ${sum}`);
};

const spinWait: Program = async () => {
  const state = { ready: false };
  const wg = new WaitGroup();
  wg.go(async () => {
    while (!state.ready) await gosched();
  });
  wg.go(async () => {
    await gosched();
    state.ready = true;
  });
  await wg.wait();
};

/** The token of a PCT schedule, with the recorder telling PCT about runnable goroutines or not. */
async function tokenOf(program: Program, seed: string, depth: number, told: boolean): Promise<string> {
  const pct = new PctScheduler(makeRng(seed), depth, 60);
  const recorder = new Recorder();
  if (told) recorder.watch(pct);
  const result = await run(program, { scheduler: recorder.wrap(pct), monitors: [recorder], seed: 1, maxSteps: 20_000 });
  return `${result.schedule} ${pct.goroutines}`;
}

describe('PCT told which goroutines can run', () => {
  for (const [name, program] of [['a locked counter', lockedCounter], ['a pipeline with timers', pipeline], ['a spin-wait', spinWait]] as const) {
    it(`answers as the scan of the offered list does: ${name}`, async () => {
      for (const depth of [1, 2, 3]) {
        for (let s = 0; s < 8; s++) {
          const seed = `${name}:${depth}:${s}`;
          expect(await tokenOf(program, seed, depth, true)).toBe(await tokenOf(program, seed, depth, false));
        }
      }
    });
  }
});

describe('PCT candidates', () => {
  it('rank and top follow adds, removals and priority changes', () => {
    const c = new Candidates();
    for (const id of [5, 1, 3, 200]) c.add(id);
    expect(c.takeNewcomers()).toEqual([1, 3, 5, 200]);
    c.setPriority(1, 4.5);
    c.setPriority(3, 4.9);
    c.setPriority(5, 4.1);
    c.setPriority(200, 4.7);
    expect([c.top(), c.rank(c.top())]).toEqual([3, 1]);
    c.setPriority(3, 1);
    expect([c.top(), c.rank(c.top())]).toEqual([200, 3]);
    c.remove(200);
    expect([c.top(), c.rank(c.top()), c.count]).toEqual([1, 0, 3]);
    c.add(200); // comes back with its priority
    expect(c.takeNewcomers()).toEqual([]);
    expect(c.top()).toBe(200);
  });

  it('breaks a tie of priorities by the smaller id, as a scan in id order does', () => {
    const c = new Candidates();
    c.add(9);
    c.add(4);
    c.setPriority(9, 2);
    c.setPriority(4, 2);
    expect(c.top()).toBe(4);
  });
});
