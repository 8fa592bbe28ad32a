/**
 * Loads the detectors of `@interleave/race-detector` lazily, only when
 * `race: true` asks for them, so that explorations without them do not pay for
 * loading them. `race: true` means every detector (API.md): data races,
 * lock-order inversions and recursive locking, partial deadlocks (lock and
 * channel cycles) and the cycles next to leaks.
 *
 * Invariant: every call of a factory returned makes fresh monitors (one set per
 * run).
 */
import type { Monitor } from './core.ts';

export type { StepStamped } from '@interleave/race-detector';

/**
 * A factory of one fresh monitor per detector of `@interleave/race-detector`'s `detectors()`.
 *
 * @example
 * ```ts
 * const makeDetectors = await loadDetectors();
 * await run(program, { monitors: makeDetectors() });
 * ```
 */
export async function loadDetectors(): Promise<() => Monitor[]> {
  const factories = await loadDetectorFactories();
  return () => factories.map((make) => make());
}

/**
 * `detectors()`' monitor factories, one per detector: what core's `run` takes,
 * so that the re-run it makes of a failing run gets its own monitors.
 *
 * @example
 * ```ts
 * await run(program, { monitors: await loadDetectorFactories() });
 * ```
 */
export async function loadDetectorFactories(): Promise<(() => Monitor)[]> {
  const { detectors } = await import('@interleave/race-detector');
  return detectors();
}
