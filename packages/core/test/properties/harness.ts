/**
 * Shared plumbing of the property suite: pinned fast-check parameters, the
 * arbitrary for runtime seeds, and `runOk`, which runs a program and turns a
 * failed run into an assertion error carrying every finding's report.
 *
 * Every property here compares the runtime against a tiny reference model kept
 * in plain JS variables inside the program; a model violation is thrown from the
 * goroutine that saw it, which core reports as a `panic` finding, so `runOk`
 * fails with that message and fast-check shrinks the seed and program shape.
 */
import fc from 'fast-check';
import { gosched, run } from '@interleave/core';
import type { Program, RunOptions, RunResult } from '@interleave/core';

/**
 * fast-check's own seed: pinned so that CI explores the same cases every time.
 * `PROPS_FC_SEED=n` explores other cases, `PROPS_SCALE=k` multiplies every
 * property's run count (a local bug hunt: `PROPS_SCALE=20 PROPS_FC_SEED=7 npx
 * vitest run packages/core/test/properties`).
 */
export const FC_SEED = Number(process.env['PROPS_FC_SEED'] ?? 0x1eaf_c0de);

const SCALE = Number(process.env['PROPS_SCALE'] ?? 1);

/** Runs per property by default: the whole suite takes a few seconds on 2 cores. */
export const NUM_RUNS = 200;

/** fast-check parameters for every `fc.assert` of this suite. */
export function params<T>(numRuns: number = NUM_RUNS): fc.Parameters<T> {
  return { seed: FC_SEED, numRuns: Math.max(1, Math.round(numRuns * SCALE)), endOnFailure: false };
}

/** Seeds for `run(program, { seed })`. */
export const seedArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0x7fff_ffff });

/** Throws an Error with `message` when `cond` is false (a model check inside a program). */
export function check(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Error(`model violated: ${message}`);
}

/** Renders a run's findings for an assertion message. */
export function describeFindings(r: RunResult): string {
  return r.findings.map((f) => `[${f.kind}] ${f.message}\n${f.text}`).join('\n---\n');
}

/** Runs `program` and throws unless it ended cleanly (no findings). */
export async function runOk(program: Program, options: RunOptions): Promise<RunResult> {
  const r = await run(program, { leaks: true, ...options });
  if (!r.ok || r.findings.length > 0) {
    throw new Error(`run not ok (seed ${String(options.seed)}):\n${describeFindings(r)}`);
  }
  return r;
}

/** `n` gosched() calls in a row: widens the window in which other goroutines interleave. */
export async function yieldTimes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await gosched();
}
