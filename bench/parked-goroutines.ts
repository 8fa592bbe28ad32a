/**
 * Parked goroutines: N goroutines (default 1,000,000) started with
 * `wg.go(async () => { ready.done(); await gate.recv(); })` inside a run,
 * against N plain async functions `async () => { ready.done(); await gate; }`
 * parked on one promise, in the same process, in alternating rounds.
 *
 * Heap per parked goroutine: `process.memoryUsage()`'s `heapUsed` plus
 * `arrayBuffers` (a long run's decision log lives in typed arrays) after full
 * collections once all are parked, minus the same just before the first is
 * started, divided by N (the run's own per-goroutine state is live; the plain
 * functions' promises are kept in an array, as the run keeps its goroutines in a
 * table). Time until all are parked: from the first start to the moment main
 * knows every one is parked (`ready.wait()`, then `sleep(1)`, which returns only
 * once every goroutine is blocked; the plain side's `ready` resolves when the last
 * function has run up to its `await`). Each figure is the median of the rounds;
 * the time ratio is the median of the per-round ratios.
 * Targets: <= 1,000 B per parked goroutine; <= 3x the plain functions' time.
 */
import { WaitGroup, chan, run, sleep } from '@interleave/core';
import { memoryAfterGc } from './gc.ts';
import { median } from './baton.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET_BYTES = 1000;
const AIM_BYTES = 750;
const TARGET_TIME_RATIO = 3;

interface Measured {
  bytes: number;
  ms: number;
}

async function measureInterleave(count: number): Promise<Measured> {
  const m: Measured = { bytes: NaN, ms: NaN };
  const program = async (): Promise<void> => {
    const gate = chan<void>();
    const ready = new WaitGroup();
    const wg = new WaitGroup();
    ready.add(count);
    const before = memoryAfterGc();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      wg.go(async () => {
        ready.done();
        await gate.recv();
      });
    }
    await ready.wait();
    await sleep(1); // returns only once every goroutine is parked in recv
    m.ms = performance.now() - t0;
    m.bytes = (memoryAfterGc() - before) / count;
    gate.close();
    await wg.wait();
  };
  const r = await run(program, { seed: 1, maxSteps: Number.POSITIVE_INFINITY, leaks: false });
  if (!r.ok) throw new Error(`parked-goroutines run failed: ${r.findings.map((f) => f.message).join('; ')}`);
  return m;
}

/** The same for plain async functions parked on one never-settled promise. */
async function measureRaw(count: number): Promise<Measured> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let left = count;
  let allReady!: () => void;
  const readyWait = new Promise<void>((resolve) => {
    allReady = resolve;
  });
  const ready = {
    done(): void {
      if (--left === 0) allReady();
    },
  };
  const all: Promise<void>[] = new Array<Promise<void>>(count);
  const before = memoryAfterGc();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    all[i] = (async (): Promise<void> => {
      ready.done();
      await gate;
    })();
  }
  await readyWait;
  const ms = performance.now() - t0;
  const bytes = (memoryAfterGc() - before) / count;
  release();
  await Promise.all(all);
  return { bytes, ms };
}

export const parkedGoroutines: Benchmark = {
  name: 'parked-goroutines',
  description: 'heap per parked wg.go goroutine and time until all are parked, vs plain async functions, N = --parked (default 1,000,000)',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const count = Number(options.get('parked') ?? 1_000_000);
    const rounds = Number(options.get('parked-rounds') ?? 3);
    const ours: Measured[] = [];
    const raw: Measured[] = [];
    for (let r = 0; r < rounds; r++) {
      raw.push(await measureRaw(count));
      ours.push(await measureInterleave(count));
    }
    const bytes = median(ours.map((m) => m.bytes));
    const rawBytes = median(raw.map((m) => m.bytes));
    const ms = median(ours.map((m) => m.ms));
    const rawMs = median(raw.map((m) => m.ms));
    const timeRatio = median(ours.map((m, i) => m.ms / raw[i]!.ms));
    const n = count.toLocaleString('en-US');
    return {
      rows: [
        {
          benchmark: `parked goroutines: heap per parked goroutine (N=${n})`,
          value: bytes,
          unit: 'B/goroutine',
          reference: `<= ${TARGET_BYTES} B, aim ${AIM_BYTES} B (plain async fn: ${Math.round(rawBytes)} B)`,
          verdict: bytes <= TARGET_BYTES ? 'pass' : 'FAIL',
        },
        { benchmark: 'parked goroutines: time until all parked', value: ms, unit: 'ms', reference: `plain async fns: ${Math.round(rawMs)} ms`, verdict: 'info' },
        {
          benchmark: 'parked goroutines: time vs plain async functions',
          value: `${timeRatio.toFixed(2)}x`,
          unit: 'x raw',
          reference: `<= ${TARGET_TIME_RATIO}x`,
          verdict: timeRatio <= TARGET_TIME_RATIO ? 'pass' : 'FAIL',
        },
      ],
      notes: [
        `parked goroutines: N goroutines started with wg.go(async () => { ready.done(); await gate.recv(); }) inside a run, against N plain ` +
          'async functions (ready.done(); await gate) parked on one promise; heap = heapUsed + arrayBuffers after full GCs once all are parked, minus the same ' +
          `before the first start; time = first start until main knows all are parked. Medians of ${rounds} alternating rounds (--parked=N, --parked-rounds=N).`,
      ],
    };
  },
};
