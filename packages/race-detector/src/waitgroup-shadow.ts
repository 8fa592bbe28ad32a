/**
 * WaitGroup misuse as Go's race detector models it: an `add` that raises the
 * counter from zero must be ordered with every `wait`, or a `wait` may return
 * before the work it should wait for was even added.
 *
 * Invariants:
 * - `adds` and `waits` are FastTrack read sets (an epoch, or a clock once they are
 *   concurrent): the latest adds from zero and the latest waits of each goroutine.
 * - Only an add against a wait conflicts: adds from zero by unordered goroutines,
 *   or concurrent waits, are legal, so neither set is checked against itself.
 */
import type { SourceLocation } from './core-types.ts';
import { checkReads, read, Shadow, type RaceSink } from './fasttrack.ts';
import type { VectorClock } from './vector-clock.ts';

const IGNORE: RaceSink = { conflict: () => undefined };

/**
 * The adds from zero and the waits of one WaitGroup.
 *
 * @example
 * ```ts
 * const w = new WaitGroupShadow();
 * w.add(2, clockOf2, site, sink);   // goroutine 2: wg.add(1) from zero
 * w.wait(1, clockOf1, site2, sink); // main: wg.wait(), unordered with it: sink.conflict(2, ...)
 * ```
 */
export class WaitGroupShadow {
  private readonly adds = new Shadow();
  private readonly waits = new Shadow();

  /** An add from zero by `g`: checked against every recorded wait, then recorded. */
  add(g: number, clock: VectorClock, site: SourceLocation | undefined, sink: RaceSink): void {
    checkReads(this.waits, clock, sink);
    read(this.adds, g, clock, site, IGNORE);
  }

  /** A wait by `g`: checked against every recorded add from zero, then recorded. */
  wait(g: number, clock: VectorClock, site: SourceLocation | undefined, sink: RaceSink): void {
    checkReads(this.adds, clock, sink);
    read(this.waits, g, clock, site, IGNORE);
  }
}
