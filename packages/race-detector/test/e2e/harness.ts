/**
 * Runs real programs under core with the detectors, over several seeds.
 *
 * Invariant: runs are sequential (core allows one run at a time per process), and
 * the detectors are passed as factories so the located re-run gets its own.
 */
import { run, type Finding, type MonitorOption, type Program } from '@interleave/core';
import { deadlockDetector, lockOrderDetector, raceDetector } from '../../src/index.ts';

export const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7];

/** The findings of `kind` in each of the seeds' runs. */
export async function findingsPerSeed(
  program: Program,
  kind: Finding['kind'],
  monitors: MonitorOption[] = [raceDetector, lockOrderDetector, deadlockDetector],
  seeds: readonly number[] = SEEDS,
  expectPanics = false,
): Promise<Finding[][]> {
  const out: Finding[][] = [];
  for (const seed of seeds) {
    const r = await run(program, { seed, monitors });
    const panics = r.findings.filter((f) => f.kind === 'panic');
    if (panics.length > 0 && kind !== 'panic' && !expectPanics) throw new Error(`seed ${seed}: ${panics.map((f) => f.text).join('\n')}`);
    out.push(r.findings.filter((f) => f.kind === kind));
  }
  return out;
}

/** How many of the seeds' runs had at least one finding. */
export function runsWith(perSeed: Finding[][]): number {
  return perSeed.filter((fs) => fs.length > 0).length;
}
