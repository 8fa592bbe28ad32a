/**
 * Memory of the explorer's per-schedule recording: a livelock (two goroutines
 * that only yield, so every step is a decision) runs 1,000,000 steps as the
 * first schedule of an exploration, once with the default strategy (its first
 * schedule is the exhaustive search's, which records every step for
 * partial-order reduction) and once with `random`. Near the end of the run the
 * program itself measures the heap after a full collection (the recording is
 * alive then, core's own decision log included) and aborts the exploration, so
 * that no failure is built. `--steps=N` changes the length (default 1,000,000).
 * Target: 64 bytes per step.
 */
import { Atomic, go, type Program } from '@interleave/core';
import { explore, type ExploreOptions } from '@interleave/explorer';
import { memoryAfterGc } from './gc.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET = 64;

/** Bytes per step retained at step `steps - 1000` of a `steps`-step livelock, under `strategy`. */
async function bytesPerStep(steps: number, strategy: ExploreOptions['strategy']): Promise<number> {
  const at = steps - 1000;
  const controller = new AbortController();
  let count = 0;
  let heap = 0;
  // Two goroutines adding to one atomic forever: a goroutine decision at every step. (Bare
  // gosched() loops are spins, taken in turns without decisions: they would measure nothing.)
  let ticks: Atomic<number> | undefined;
  const spin = async (): Promise<void> => {
    for (;;) {
      if (++count === at) {
        heap = memoryAfterGc();
        controller.abort();
      }
      await ticks!.add(1);
    }
  };
  const livelock: Program = async () => {
    count = 0;
    ticks = new Atomic(0, 'ticks');
    go(spin, 'spinner');
    await spin();
  };
  const before = memoryAfterGc();
  await explore(livelock, { strategy, schedules: 1, maxSteps: steps, signal: controller.signal }).catch(() => undefined);
  if (heap === 0) throw new Error(`the livelock did not reach step ${at}`);
  return (heap - before) / at;
}

export const explorerMemory: Benchmark = {
  name: 'explorer-memory',
  description: 'bytes the explorer keeps per recorded step of a 1,000,000-step run (--steps=N)',
  async run(options: BenchOptions): Promise<BenchOutput> {
    const steps = Number(options.get('steps') ?? 1_000_000);
    const portfolio = await bytesPerStep(steps, undefined);
    const random = await bytesPerStep(steps, 'random');
    const row = (name: string, value: number): BenchOutput['rows'][number] => ({
      benchmark: `memory per step of a ${steps.toLocaleString('en-US')}-step run (${name})`,
      value, unit: 'B/step', reference: `<= ${TARGET} B`, verdict: value <= TARGET ? 'pass' : 'FAIL',
    });
    return {
      rows: [row('default strategy', portfolio), row('random', random)],
      notes: [
        'explorer-memory: heap and ArrayBuffer bytes after a full GC near the end of the run, minus before it, over the steps so far; core keeps about 16 B of it (its decision log).',
      ],
    };
  },
};
