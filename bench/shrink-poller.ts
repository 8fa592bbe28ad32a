/**
 * Shrinking a failure that sits behind a polling loop: `explore` (random
 * strategy) finds a deadlock behind a poller with preemptions, then shrinks it.
 * Time of the whole exploration with shrinking against the same without, for two
 * programs (a spin-wait with `gosched`, a select-otherwise poll loop). Median of 5.
 * Target: shrinking under 2 s (it took 64-95 s when each candidate spun to the
 * step limit).
 */
import type { Program } from '@interleave/core';
import { explore } from '@interleave/explorer';
import { selectPollerBehindWorkers, spinWaitBehindBusyWorkers } from '../packages/explorer/test/support/pollers.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET_MS = 2000;
const ROUNDS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(program: Program, shrink: boolean): Promise<{ ms: number; steps: number; found: number }> {
  const t0 = performance.now();
  const r = await explore(program, { strategy: 'random', seed: 7, shrink });
  const ms = performance.now() - t0;
  if (r.failure?.kind !== 'deadlock') throw new Error(`expected a deadlock, got ${r.failure?.kind ?? 'none'}`);
  return { ms, steps: r.failure.steps, found: r.failure.original.steps };
}

export const shrinkPoller: Benchmark = {
  name: 'shrink-poller',
  description: 'shrinking a deadlock behind a polling loop',
  async run(_options: BenchOptions): Promise<BenchOutput> {
    const rows: BenchOutput['rows'] = [];
    const notes: string[] = [];
    for (const [name, program] of [['gosched spin-wait', spinWaitBehindBusyWorkers], ['select-otherwise poll loop', selectPollerBehindWorkers]] as const) {
      const plain: number[] = [];
      const shrunk: number[] = [];
      let last = { ms: 0, steps: 0, found: 0 };
      for (let r = 0; r < ROUNDS; r++) {
        plain.push((await timed(program, false)).ms);
        last = await timed(program, true);
        shrunk.push(last.ms);
      }
      const ms = Math.max(0, median(shrunk) - median(plain));
      rows.push({ benchmark: `shrinking a deadlock behind a poller (${name})`, value: ms.toFixed(0), unit: 'ms', reference: `< ${TARGET_MS} ms`, verdict: ms < TARGET_MS ? 'pass' : 'FAIL' });
      notes.push(`shrink-poller, ${name}: explore ${median(plain).toFixed(0)} ms without shrinking, ${median(shrunk).toFixed(0)} ms with; ${last.found} steps found, ${last.steps} after shrinking.`);
    }
    return { rows, notes };
  },
};
