/**
 * The cost of a failure's located re-run: explore replays the failing schedule
 * once with source locations on (and a step log) to write the report. Ratio
 * of that run to the plain run of the same schedule (locations off), for a
 * short failing schedule (a lost update, about 15 steps) and a long one (10,000
 * hand-offs on a channel, then a panic: 30,004 steps). Median of 5 rounds of each.
 * Target: 3x.
 */
import { WaitGroup, chan, go, gosched, run, shared, type Program } from '@interleave/core';
import { explore } from '@interleave/explorer';
import { StepLog } from '../packages/explorer/src/report.ts';
import type { BenchOptions, BenchOutput, Benchmark } from './types.ts';

const TARGET = 3;
const ROUNDS = 5;

const lostUpdate: Program = async () => {
  const n = shared(0, 'counter');
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) wg.go(async () => { const v = n.value; await gosched(); n.value = v + 1; });
  await wg.wait();
  if (n.value !== 2) throw new Error('lost update');
};

const handOffs: Program = async () => {
  const ch = chan<number>();
  go(async () => { for (let i = 0; i < 10_000; i++) await ch.send(i); ch.close(); });
  let sum = 0;
  for await (const v of ch) sum += v;
  throw new Error(`sum ${sum}`);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function ms(times: number, once: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < times; i++) await once();
  return (performance.now() - t0) / times;
}

/** Plain and located replay time of `program`'s first failing schedule. */
async function ratio(program: Program, times: number): Promise<{ plain: number; located: number }> {
  const { failure } = await explore(program, { shrink: false });
  if (failure === undefined) throw new Error('no failure to replay');
  const replay = failure.original.replay;
  const first = await run(program, { replay, locations: false });
  const plain = (): Promise<unknown> => run(program, { replay, locations: false });
  // As explore's located re-run makes it: the plain run's plan, a fresh step log per execution.
  const located = (): Promise<unknown> =>
    run(program, { replay, locations: true, locationsFor: first, monitors: [(): StepLog => new StepLog()] });
  await ms(times, plain);
  await ms(times, located);
  const p: number[] = [];
  const l: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    p.push(await ms(times, plain));
    l.push(await ms(times, located));
  }
  return { plain: median(p), located: median(l) };
}

export const locatedRerun: Benchmark = {
  name: 'located-rerun',
  description: "a failure's located re-run against the plain run of the same schedule",
  async run(_options: BenchOptions): Promise<BenchOutput> {
    const rows: BenchOutput['rows'] = [];
    const notes: string[] = [];
    for (const [name, program, times] of [['lost update, ~15 steps', lostUpdate, 2000], ['10,000 hand-offs', handOffs, 3]] as const) {
      const { plain, located } = await ratio(program, times);
      const x = located / plain;
      rows.push({ benchmark: `located re-run / plain run (${name})`, value: `${x.toFixed(1)}x`, unit: 'x', reference: `<= ${TARGET}x`, verdict: x <= TARGET ? 'pass' : 'FAIL' });
      notes.push(`located-rerun, ${name}: plain ${plain.toFixed(3)} ms, located ${located.toFixed(3)} ms per run.`);
    }
    return { rows, notes };
  },
};
