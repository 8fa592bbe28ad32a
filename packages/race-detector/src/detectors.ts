/**
 * All of this package's detectors at once, for `run`/`explore`.
 *
 * Invariant: returns monitor *factories*: core calls each once per execution, so
 * the re-run it makes of a failing schedule (with locations on) gets fresh
 * monitors and the reports carry every location.
 */
import type { Monitor } from './core-types.ts';
import { DeadlockMonitor } from './deadlock.ts';
import { LockOrderMonitor } from './lock-order.ts';
import { RaceMonitor, type RaceDetectorOptions } from './race-monitor.ts';

/**
 * Which detectors {@link detectors} creates (all by default) and their options.
 *
 * @example
 * ```ts
 * const options: DetectorOptions = { lockOrder: false, maxReports: 10 };
 * await run(program, { monitors: detectors(options) });
 * ```
 */
export interface DetectorOptions extends RaceDetectorOptions {
  /** Happens-before data races (default true). */
  race?: boolean;
  /** Lock-order inversions and recursive locking (default true). */
  lockOrder?: boolean;
  /** Lock cycles among parked goroutines, reported while the rest runs, and channel cycles at a stuck run's end (default true). */
  deadlocks?: boolean;
}

/**
 * Monitor factories for every detector asked for.
 *
 * @example
 * ```ts
 * import { run } from '@interleave/core';
 * import { detectors } from '@interleave/race-detector';
 *
 * const r = await run(program, { monitors: detectors(), seed: 3 });
 * const races = r.findings.filter((f) => f.kind === 'race');
 * ```
 */
export function detectors(options: DetectorOptions = {}): (() => Monitor)[] {
  const factories: (() => Monitor)[] = [];
  if (options.race !== false) factories.push(() => new RaceMonitor(options));
  if (options.lockOrder !== false) factories.push(() => new LockOrderMonitor());
  if (options.deadlocks !== false) factories.push(() => new DeadlockMonitor());
  return factories;
}
