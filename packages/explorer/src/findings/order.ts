/**
 * Every finding of a run in the order it happened. Core lists the finding that
 * ended the run (a panic, a deadlock, leaks, the step limit: each happens at the
 * run's end) before the monitors' findings, which are made during earlier steps
 * (a race, a lock-order inversion, a lock cycle). The detectors say at which
 * step each of theirs happened (race-detector's `StepStamped`); this puts them
 * in step order, followed by those made at the end in core's order.
 *
 * Invariant: the sort is stable, so findings of the same step (or of the end)
 * keep core's order; a run with one finding is left as it is.
 */
import type { Engine, EngineOptions, Finding, Monitor, RunResult } from '../core.ts';
import type { StepStamped } from '../race.ts';

function stamped(m: unknown): m is StepStamped {
  return typeof (m as Partial<StepStamped> | undefined)?.stepOf === 'function';
}

/**
 * Sorts `findings` (in place) into the order they happened, by the steps the
 * monitors of their run give them.
 *
 * @example
 * ```ts
 * const monitors = [recorder, ...detectors()];
 * const r = await run(program, { monitors });
 * inOrder(r.findings, monitors); // the race of step 12 first, then core's panic
 * ```
 */
export function inOrder(findings: Finding[], monitors: readonly unknown[]): Finding[] {
  if (findings.length < 2) return findings;
  const stampers = monitors.filter(stamped);
  if (stampers.length === 0) return findings;
  const stepOf = (f: Finding): number => {
    for (const m of stampers) {
      const s = m.stepOf(f);
      if (s !== undefined) return s;
    }
    return Infinity;
  };
  const keyed = findings.map((f, i) => ({ f, i, s: stepOf(f) }));
  keyed.sort((a, b) => (a.s === b.s ? a.i - b.i : a.s < b.s ? -1 : 1));
  keyed.forEach((k, i) => (findings[i] = k.f));
  return findings;
}

/**
 * Runs one execution and puts its findings in order. Monitors given as
 * factories are followed to the instances they make (core calls them again for
 * its located re-run, whose findings the result reports).
 *
 * @example
 * ```ts
 * const r = await runInOrder(coreEngine(), program, { replay: token, monitors: await loadDetectorFactories() });
 * r.findings[0]; // the earliest finding
 * ```
 */
export async function runInOrder<P>(engine: Engine<P>, program: P, options: EngineOptions): Promise<RunResult> {
  const given = options.monitors ?? [];
  if (!given.some((m) => typeof m === 'function')) {
    const result = await engine.run(program, options);
    inOrder(result.findings, given);
    return result;
  }
  const latest: Monitor[] = [];
  const monitors = given.map((m, i) => (typeof m === 'function' ? (): Monitor => (latest[i] = m()) : m));
  const result = await engine.run(program, { ...options, monitors });
  inOrder(result.findings, [...given.filter((m) => typeof m !== 'function'), ...latest]);
  return result;
}
