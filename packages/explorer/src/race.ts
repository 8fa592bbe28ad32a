/**
 * Loads the race detector lazily, only when `race: true` asks for it, so that
 * explorations without it do not pay for it (and work before it exists).
 *
 * Invariant: the factory returned makes a fresh monitor per call (one per run).
 */
import type { Monitor } from './core.ts';

/**
 * `@interleave/race-detector`'s `raceDetector` factory.
 *
 * @example
 * ```ts
 * const makeDetector = await loadRaceDetector();
 * await run(program, { monitors: [makeDetector()] });
 * ```
 */
export async function loadRaceDetector(): Promise<() => Monitor> {
  const mod: Record<string, unknown> = await import('@interleave/race-detector');
  const factory = mod['raceDetector'];
  if (typeof factory !== 'function') {
    throw new Error('race: true needs raceDetector() from @interleave/race-detector, which does not export it yet');
  }
  return factory as () => Monitor;
}
