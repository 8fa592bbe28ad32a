/**
 * Determinism and replay: the same seed gives the same RunResult, and
 * `run(program, { replay: r.schedule })` reproduces the same execution.
 *
 * Programs are generated: 1..4 goroutines, each a script of channel sends and
 * receives guarded by `after` timeouts (so they never block forever), polling
 * selects with `otherwise`, mutex sections, sleeps, gosched and atomic adds,
 * over 1..3 channels of capacity 0..2. Every operation appends a line (goroutine,
 * operation, outcome, virtual time) to an event log created by the run; the log
 * is the observable trace the replay must reproduce.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Atomic, Mutex, WaitGroup, after, chan, go, gosched, now, otherwise, recv, run, select, send, sleep } from '@interleave/core';
import type { Chan, Program, RunResult } from '@interleave/core';
import { params, seedArb } from './harness.ts';

type Op =
  | { k: 'send'; c: number; timeout: number }
  | { k: 'recv'; c: number; timeout: number }
  | { k: 'poll'; c: number }
  | { k: 'lock'; yields: number }
  | { k: 'sleep'; ms: number }
  | { k: 'gosched' }
  | { k: 'atomic' };

interface Shape {
  capacities: number[];
  scripts: Op[][];
}

const shapeArb: fc.Arbitrary<Shape> = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }).chain((capacities) => {
  const c = fc.integer({ min: 0, max: capacities.length - 1 });
  const timeout = fc.integer({ min: 1, max: 10 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ k: fc.constant('send' as const), c, timeout }),
    fc.record({ k: fc.constant('recv' as const), c, timeout }),
    fc.record({ k: fc.constant('poll' as const), c }),
    fc.record({ k: fc.constant('lock' as const), yields: fc.integer({ min: 0, max: 2 }) }),
    fc.record({ k: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ k: fc.constant('gosched' as const) }),
    fc.record({ k: fc.constant('atomic' as const) }),
  );
  return fc.record({
    capacities: fc.constant(capacities),
    scripts: fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
  });
});

/** Builds the program of `shape`; `logs` receives one event log per run. */
function traced(shape: Shape): { program: Program; logs: string[][] } {
  const logs: string[][] = [];
  const program = async (): Promise<void> => {
    const log: string[] = [];
    logs.push(log);
    const chans: Chan<string>[] = shape.capacities.map((cap) => chan<string>(cap));
    const mu = new Mutex();
    const counter = new Atomic(0);
    const wg = new WaitGroup();
    const step = async (g: number, i: number, op: Op): Promise<string> => {
      switch (op.k) {
        case 'send':
          return select(
            send(chans[op.c] as Chan<string>, `${g}.${i}`, () => 'sent'),
            recv(after(op.timeout), () => 'timeout'),
          );
        case 'recv':
          return select(
            recv(chans[op.c] as Chan<string>, (v: string | undefined) => `got ${String(v)}`),
            recv(after(op.timeout), () => 'timeout'),
          );
        case 'poll':
          return select(recv(chans[op.c] as Chan<string>, (v: string | undefined) => `got ${String(v)}`), otherwise(() => 'empty'));
        case 'lock':
          await mu.lock();
          for (let y = 0; y < op.yields; y++) await gosched();
          mu.unlock();
          return 'locked';
        case 'sleep':
          await sleep(op.ms);
          return 'woke';
        case 'gosched':
          await gosched();
          return 'yielded';
        case 'atomic':
          return `n=${await counter.add(1)}`;
      }
    };
    shape.scripts.forEach((script, g) => {
      wg.add(1);
      go(async () => {
        for (const [i, op] of script.entries()) log.push(`g${g} ${op.k} -> ${await step(g, i, op)} @${now()}`);
        wg.done();
      }, `g${g}`);
    });
    await wg.wait();
    log.push(`end @${now()}`);
  };
  return { program, logs };
}

/** The parts of a RunResult that must match between equal executions. */
const essence = (r: RunResult): Omit<RunResult, 'findings'> & { findings: string[] } => ({
  ok: r.ok,
  steps: r.steps,
  virtualTimeMs: r.virtualTimeMs,
  schedule: r.schedule,
  findings: r.findings.map((f) => `${f.kind}: ${f.message}`),
});

describe('determinism (property)', () => {
  it('the same seed gives the same RunResult and the same trace', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, fc.oneof(seedArb, fc.string({ maxLength: 8 })), async (shape, seed) => {
        const { program, logs } = traced(shape);
        const a = await run(program, { seed });
        const b = await run(program, { seed });
        expect(b).toEqual(a);
        expect(logs[1]).toEqual(logs[0]);
      }),
      params(150),
    );
  });

  it('replaying the schedule token reproduces the same trace', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, seedArb, async (shape, seed) => {
        const { program, logs } = traced(shape);
        const original = await run(program, { seed });
        const replayed = await run(program, { replay: original.schedule });
        expect(essence(replayed)).toEqual(essence(original));
        expect(logs[1]).toEqual(logs[0]);
      }),
      params(150),
    );
  });

  it("replaying another program's token ends in a result, never a crash", async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, shapeArb, seedArb, async (shapeA, shapeB, seed) => {
        const a = traced(shapeA);
        const b = traced(shapeB);
        const token = (await run(a.program, { seed })).schedule;
        const r = await run(b.program, { replay: token });
        if (!r.ok) expect(r.findings.length).toBeGreaterThan(0);
        const kinds = r.findings.map((f) => f.kind);
        expect(kinds.every((k) => k === 'nondeterminism' || k === 'deadlock' || k === 'leak')).toBe(true);
      }),
      params(100),
    );
  });

  it('different seeds explore different interleavings (the scheduler is not constant)', async () => {
    const shape: Shape = { capacities: [0], scripts: [[{ k: 'gosched' }, { k: 'atomic' }], [{ k: 'atomic' }, { k: 'gosched' }], [{ k: 'atomic' }]] };
    const { program, logs } = traced(shape);
    for (let seed = 0; seed < 20; seed++) await run(program, { seed });
    expect(new Set(logs.map((l) => l.join('\n'))).size).toBeGreaterThan(1);
  });

  it('replay reproduces a deadlock found by a seed', async () => {
    const program: Program = async () => {
      const a = new Mutex();
      const b = new Mutex();
      const wg = new WaitGroup();
      wg.add(2);
      go(async () => { await a.lock(); await gosched(); await b.lock(); b.unlock(); a.unlock(); wg.done(); }, 'ab');
      go(async () => { await b.lock(); await gosched(); await a.lock(); a.unlock(); b.unlock(); wg.done(); }, 'ba');
      await wg.wait();
    };
    let failing: RunResult | undefined;
    for (let seed = 0; seed < 200 && failing === undefined; seed++) {
      const r = await run(program, { seed });
      if (!r.ok) failing = r;
    }
    expect(failing, 'some seed among 0..199 deadlocks the lock-order inversion').toBeDefined();
    const original = failing as RunResult;
    expect(original.findings.map((f) => f.kind)).toContain('deadlock');
    const replayed = await run(program, { replay: original.schedule });
    expect(essence(replayed)).toEqual(essence(original));
  });
});
