/** Test helpers: run a program under several seeds, and collect finding kinds. */
import { run, type Program, type RunResult } from '@interleave/core';

export const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

/** Runs `program` under every seed in `seeds` and returns the results. */
export async function runSeeds(program: Program, seeds = SEEDS, options: Parameters<typeof run>[1] = {}): Promise<RunResult[]> {
  const out: RunResult[] = [];
  for (const seed of seeds) out.push(await run(program, { ...options, seed }));
  return out;
}

/** The finding kinds of a result, sorted. */
export function kinds(r: RunResult): string[] {
  return r.findings.map((f) => f.kind).sort();
}
