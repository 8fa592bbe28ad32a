import { describe, expect, it } from 'vitest';
import {
  run, go, gosched, chan, sleep, shared, randomInt, Mutex, WaitGroup, decodeSchedule, encodeSchedule,
  type Decision, type Monitor, type Program,
} from '@interleave/core';
import { kinds } from './helpers.ts';
/** A real timer (inside a run `setTimeout` is virtual, and a promise its callback settles is followed): real work the run waits on. */
const realSetTimeout = globalThis.setTimeout;

/** Three goroutines appending to a log in whatever order the scheduler picks. */
function racyLog(log: string[]): Program {
  return async () => {
    const wg = new WaitGroup();
    for (const name of ['a', 'b', 'c']) {
      wg.go(async () => {
        for (let i = 0; i < 3; i++) {
          log.push(`${name}${i}`);
          await gosched();
        }
      });
    }
    await wg.wait();
  };
}

describe('determinism and replay', () => {
  it('the same seed gives the same run; another seed another one', async () => {
    const logs: string[][] = [[], [], []];
    const a = await run(racyLog(logs[0]!), { seed: 42 });
    const b = await run(racyLog(logs[1]!), { seed: 42 });
    await run(racyLog(logs[2]!), { seed: 43 });
    expect(a.schedule).toBe(b.schedule);
    expect(logs[0]).toEqual(logs[1]);
    expect(logs[2]).not.toEqual(logs[0]);
  });

  it('replaying a token reproduces the run exactly', async () => {
    const first: string[] = [];
    const again: string[] = [];
    const r = await run(racyLog(first), { seed: 7 });
    const p = await run(racyLog(again), { replay: r.schedule });
    expect(again).toEqual(first);
    expect([p.ok, p.steps, p.schedule]).toEqual([true, r.steps, r.schedule]);
  });

  it('a token that does not fit says at which decision it diverged', async () => {
    const r = await run(racyLog([]), { seed: 1 });
    const other = await run(async () => {
      go(() => gosched());
      await gosched();
    }, { replay: r.schedule });
    expect(kinds(other)).toEqual(['nondeterminism']);
    expect(other.findings[0]!.message).toMatch(/^replay token does not fit the program/);
    expect(other.findings[0]!.message).toMatch(/decision \d+/);
  });

  it('a damaged token is a clear error', async () => {
    await expect(run(() => {}, { replay: 'hello' })).rejects.toThrow(/not a replay token/);
  });

  it('encodes and decodes schedules', () => {
    const entries = [
      { kind: 'goroutine' as const, options: 3, choice: 2 },
      { kind: 'select' as const, options: 2, choice: 0 },
      { kind: 'random' as const, options: 1000, choice: 999 },
    ];
    expect(decodeSchedule(encodeSchedule(entries))).toEqual(entries);
  });

  it('randomInt is a decision: replay returns the same values', async () => {
    const a: number[] = [];
    const b: number[] = [];
    const r = await run(() => {
      for (let i = 0; i < 5; i++) a.push(randomInt(100));
    }, { seed: 9 });
    await run(() => {
      for (let i = 0; i < 5; i++) b.push(randomInt(100));
    }, { replay: r.schedule });
    expect(b).toEqual(a);
  });
});

describe('the harness never hangs and never lies', () => {
  it('a goroutine awaiting a real timer is reported, naming it', async () => {
    const r = await run(async () => {
      await sleep(1);
      await new Promise((resolve) => realSetTimeout(resolve, 1));
    });
    expect(kinds(r)).toEqual(['nondeterminism']);
    expect(r.findings[0]!.message).toBe('goroutine 1 awaited a promise that interleave does not control');
    expect(r.findings[0]!.text).toMatch(/after its last scheduling point at:\n {4}packages\/core\/test\/runtime\.test\.ts:\d+:\d+/);
  });

  it('a polling loop ends at the step limit with the goroutines that spun', async () => {
    const r = await run(async () => {
      const flag = shared(false);
      go(async () => {
        while (!flag.value) await gosched();
      }, 'poller');
      await chan<void>().recv();
    }, { maxSteps: 500 });
    expect(kinds(r)).toEqual(['step-limit']);
    expect(r.findings[0]!.text).toContain('goroutine 2: ');
  });

  it('a spin over Shared without any scheduling point is stopped', async () => {
    const r = await run(() => {
      const flag = shared(false);
      while (!flag.value) {
        /* spin */
      }
    });
    expect(kinds(r)).toEqual(['step-limit']);
    expect(r.findings[0]!.message).toMatch(/without reaching a scheduling point/);
  });

  it('objects made outside run() (production mode) used inside a run get a clear error', async () => {
    const ch = chan<number>(1);
    const mu = new Mutex();
    const r = await run(async () => {
      await ch.send(1);
    });
    expect(r.findings[0]!.message).toMatch(/chan created outside run\(\) used inside a run/);
    const r2 = await run(() => {
      mu.tryLock();
    });
    expect(r2.findings[0]!.message).toMatch(/Mutex created outside run\(\) used inside a run/);
  });

  it('overlapping runs are refused', async () => {
    const first = run(() => sleep(1));
    await expect(run(() => {})).rejects.toThrow(/another run is in progress/);
    expect((await first).ok).toBe(true);
  });

  it('a user error escaping a goroutine is a panic with its own stack', async () => {
    const r = await run(async () => {
      go(() => {
        throw new TypeError('boom');
      }, 'thrower');
      await sleep(1);
    });
    expect(kinds(r)).toEqual(['panic']);
    expect(r.findings[0]!.text).toMatch(/^panic: TypeError: boom\n\ngoroutine 2 "thrower" \[running\]:\n {4}packages\/core\/test\/runtime\.test\.ts:\d+:\d+/);
    expect(r.findings[0]!.text).toMatch(/created by goroutine 1 at packages\/core\/test\/runtime\.test\.ts:\d+:\d+/);
  });
});

describe('leaks', () => {
  it('a goroutine still sleeping when main returns finishes; it is not a leak', async () => {
    const r = await run(() => {
      go(() => sleep(1000));
    });
    expect(r.ok).toBe(true);
  });

  it('a goroutine blocked forever is a leak, with where it blocked and was created', async () => {
    const r = await run(() => {
      const ch = chan<number>();
      go(() => ch.recv(), 'reader');
    });
    expect(kinds(r)).toEqual(['leak']);
    expect(r.findings[0]!.text).toMatch(/goroutine 2 "reader" \[chan receive\]:\n {4}packages\/core\/test\/runtime\.test\.ts:\d+:\d+/);
  });

  it('leaks can be ignored by goroutine name, and turned off', async () => {
    const program = () => {
      go(() => chan<number>().recv(), 'daemon');
    };
    expect((await run(program, { ignoreLeaks: ['daemon'] })).ok).toBe(true);
    expect((await run(program, { leaks: false })).ok).toBe(true);
  });
});

describe('plug-ins', () => {
  it('a scheduler sees every decision with the runnable goroutines and their next operation', async () => {
    const seen: string[] = [];
    const r = await run(async () => {
      const ch = chan<number>();
      go(() => ch.send(1));
      await ch.recv();
    }, {
      scheduler: {
        choose(d: Decision) {
          seen.push(`${d.kind}:${d.runnable.map((g) => `${g.id}/${g.op.kind}`).join(',')}`);
          return d.options - 1;
        },
      },
    });
    expect(r.ok).toBe(true);
    expect(seen[0]).toBe('goroutine:1/go,2/start');
    expect(seen[1]).toBe('goroutine:1/chan.recv,2/chan.send');
  });

  it('monitors see spawns, steps, synchronization and shared accesses', async () => {
    const events: string[] = [];
    const monitor: Monitor = {
      spawn: (e) => events.push(`spawn ${e.parent}->${e.child}`),
      sync: (g, o, slot, mode) => events.push(`${mode} g${g} ${o.kind}#${slot}`),
      access: (g, o, write) => events.push(`${write ? 'write' : 'read'} g${g} ${o.name}`),
    };
    await run(async () => {
      const mu = new Mutex();
      const x = shared(0, 'x');
      await mu.lock();
      x.value = 1;
      mu.unlock();
    }, { monitors: [monitor] });
    expect(events).toEqual(['spawn 0->1', 'acquire g1 mutex#0', 'write g1 x', 'release g1 mutex#0']);
  });
});
