/**
 * Parked goroutines: spawn N goroutines (default 1,000,000) that all block on
 * `recv` of one shared channel, measure the heap they hold once every one of
 * them is parked, then close the channel and let them all exit.
 *
 * "All parked" is reached by `sleep(1)` in main: virtual time advances only
 * when every goroutine is blocked. Heap is measured after full collections,
 * inside the run (the runtime's own per-goroutine state is live). The
 * reference is the same number for N plain async functions awaiting one
 * never-settled promise. Target: < 1 KiB per parked goroutine.
 */
import { WaitGroup, chan, go, run, sleep } from '@interleave/core';
import { heapAfterGc } from './gc.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET_BYTES = 1024;

interface Measured {
  bytesPerGoroutine: number;
  spawnMs: number;
  parkMs: number;
  wakeMs: number;
  steps: number;
}

async function measureInterleave(count: number): Promise<Measured> {
  const m: Measured = { bytesPerGoroutine: NaN, spawnMs: NaN, parkMs: NaN, wakeMs: NaN, steps: 0 };
  const program = async (): Promise<void> => {
    const gate = chan<void>();
    const exited = new WaitGroup();
    exited.add(count);
    const parked = async (): Promise<void> => {
      await gate.recv();
      exited.done();
    };
    const before = heapAfterGc();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) go(parked);
    const t1 = performance.now();
    await sleep(1); // returns only once all `count` goroutines are parked in recv
    const t2 = performance.now();
    m.bytesPerGoroutine = (heapAfterGc() - before) / count;
    const t3 = performance.now();
    gate.close();
    await exited.wait();
    m.wakeMs = performance.now() - t3;
    m.spawnMs = t1 - t0;
    m.parkMs = t2 - t1;
  };
  const r = await run(program, { seed: 1, maxSteps: Number.POSITIVE_INFINITY, leaks: false });
  if (!r.ok) throw new Error(`parked-goroutines run failed: ${r.findings.map((f) => f.message).join('; ')}`);
  m.steps = r.steps;
  return m;
}

/** Heap bytes per plain async function suspended on one shared never-settled promise. */
async function measureRaw(count: number): Promise<number> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  const parked = async (): Promise<void> => { await gate; };
  const before = heapAfterGc();
  const all: Promise<void>[] = new Array<Promise<void>>(count);
  for (let i = 0; i < count; i++) all[i] = parked();
  const perFn = (heapAfterGc() - before) / count;
  release();
  await Promise.all(all);
  return perFn;
}

export const parkedGoroutines: Benchmark = {
  name: 'parked-goroutines',
  description: 'heap bytes per parked goroutine and spawn time, N = --parked (default 1,000,000)',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const count = Number(options.get('parked') ?? 1_000_000);
    const raw = await measureRaw(count);
    const m = await measureInterleave(count);
    const n = count.toLocaleString('en-US');
    return {
      rows: [
        {
          benchmark: `parked goroutines: heap per goroutine (N=${n})`,
          value: m.bytesPerGoroutine,
          unit: 'B/goroutine',
          reference: `< ${TARGET_BYTES} B (raw async fn: ${Math.round(raw)} B)`,
          verdict: m.bytesPerGoroutine < TARGET_BYTES ? 'pass' : 'FAIL',
        },
        { benchmark: `parked goroutines: spawn, go() x N`, value: m.spawnMs, unit: 'ms', reference: 'time to spawn', verdict: 'info' },
        { benchmark: `parked goroutines: start until all parked`, value: m.parkMs, unit: 'ms', reference: 'first step + block of each', verdict: 'info' },
        { benchmark: `parked goroutines: close, wake and exit all`, value: m.wakeMs, unit: 'ms', reference: '', verdict: 'info' },
        { benchmark: `parked goroutines: scheduling steps`, value: m.steps, unit: 'steps', reference: '', verdict: 'info' },
      ],
      notes: [
        'parked goroutines: every goroutine runs the same function (await one shared channel recv, then wg.done()); heap = ' +
          'process.memoryUsage().heapUsed after 3 full GCs, measured inside the run once all are parked, minus the same before spawning.',
      ],
    };
  },
};
