/**
 * FastTrack shadow state of one memory location (a `Shared`, or a WaitGroup's
 * internal word) and its read and write rules (Flanagan & Freund, "FastTrack:
 * efficient and precise dynamic race detection", PLDI 2009).
 *
 * Invariants of a {@link Shadow}:
 * - `wG@wTime` is the epoch of the last write (0@0: none yet).
 * - Reads are either *exclusive*, one epoch `rG@rTime` (rG > 0, or 0@0 for none),
 *   or *shared* (rG === SHARED): `reads` holds the time of the last read of every
 *   goroutine since the last write, kept only while reads are concurrent with each
 *   other. The common access (same epoch, or ordered after the previous one) is
 *   O(1) and allocates nothing; only concurrent reads pay for a clock.
 * - Sites are the source locations of those same accesses (undefined when the
 *   run captures none); they are bookkeeping only and never change a verdict.
 * - After a write, reads are reset: every earlier read was checked against it, so
 *   later accesses ordered after the write are ordered after those reads too.
 */
import type { SourceLocation } from './core-types.ts';
import { VectorClock } from './vector-clock.ts';

/** `Shadow.rG` value meaning "reads are tracked by the `reads` clock". */
export const SHARED = -1;

/** Receives each conflicting earlier access found while checking an access. */
export interface RaceSink {
  /** The access being checked conflicts with `prevWrite ? write : read` of `prevG`. */
  conflict(prevG: number, prevWrite: boolean, prevSite: SourceLocation | undefined): void;
}

/**
 * Shadow state of one location.
 *
 * @example
 * ```ts
 * const s = new Shadow();
 * write(s, 2, clockOf2, undefined, sink); // sink.conflict(...) if it races
 * ```
 */
export class Shadow {
  wG = 0;
  wTime = 0;
  wSite: SourceLocation | undefined = undefined;
  rG = 0;
  rTime = 0;
  rSite: SourceLocation | undefined = undefined;
  /** invariant: non-null exactly when rG === SHARED. */
  reads: VectorClock | null = null;
  /** invariant: non-null exactly when rG === SHARED; site of each goroutine's last read. */
  readSites: Map<number, SourceLocation | undefined> | null = null;
}

/**
 * Checks and records a read by goroutine `g` whose clock is `clock`.
 *
 * @example
 * ```ts
 * read(shadow, 3, clocks[3], site, { conflict: (g, w) => console.log('race with', g, w) });
 * ```
 */
export function read(s: Shadow, g: number, clock: VectorClock, site: SourceLocation | undefined, sink: RaceSink): void {
  const now = clock.get(g);
  if (s.rG === g && s.rTime === now) {
    s.rSite = site; // same epoch: nothing new to check
    return;
  }
  const reads = s.reads;
  if (reads !== null && reads.get(g) === now) {
    s.readSites?.set(g, site);
    return;
  }
  if (s.wTime > clock.get(s.wG)) sink.conflict(s.wG, true, s.wSite);
  if (reads === null) {
    if (s.rTime <= clock.get(s.rG)) {
      s.rG = g; // ordered after the previous read: stay exclusive
      s.rTime = now;
      s.rSite = site;
      return;
    }
    const vc = new VectorClock(); // concurrent reads: inflate
    vc.set(s.rG, s.rTime);
    vc.set(g, now);
    s.readSites = new Map([[s.rG, s.rSite], [g, site]]);
    s.reads = vc;
    s.rG = SHARED;
    s.rTime = 0;
    s.rSite = undefined;
    return;
  }
  reads.set(g, now);
  s.readSites?.set(g, site);
}

/**
 * Checks and records a write by goroutine `g` whose clock is `clock`.
 *
 * @example
 * ```ts
 * write(shadow, 2, clocks[2], site, sink);
 * ```
 */
export function write(s: Shadow, g: number, clock: VectorClock, site: SourceLocation | undefined, sink: RaceSink): void {
  const now = clock.get(g);
  if (s.wG === g && s.wTime === now) {
    s.wSite = site;
    return;
  }
  if (s.wTime > clock.get(s.wG)) sink.conflict(s.wG, true, s.wSite);
  const reads = s.reads;
  if (reads === null) {
    if (s.rTime > clock.get(s.rG)) sink.conflict(s.rG, false, s.rSite);
  } else {
    for (let u = reads.firstAfter(clock); u !== -1; u = reads.firstAfter(clock, u + 1)) {
      sink.conflict(u, false, s.readSites?.get(u));
    }
    s.reads = null;
    s.readSites = null;
    s.rG = 0;
    s.rTime = 0;
    s.rSite = undefined;
  }
  s.wG = g;
  s.wTime = now;
  s.wSite = site;
}

/**
 * Reports the write recorded in `s` when it is not ordered before `clock`, without
 * recording anything (a plain access checked against an atomic operation).
 *
 * @example
 * ```ts
 * checkWrite(atomicOps, clockOfReader, sink); // the last atomic write, if the read is not after it
 * ```
 */
export function checkWrite(s: Shadow, clock: VectorClock, sink: RaceSink): void {
  if (s.wTime > clock.get(s.wG)) sink.conflict(s.wG, true, s.wSite);
}

/**
 * Reports every read recorded in `s` that is not ordered before `clock`, without
 * recording anything (for accesses that conflict only with the other kind, like a
 * WaitGroup's adds and waits).
 *
 * @example
 * ```ts
 * checkReads(waits, clockOfAdder, sink); // each wait the add is not ordered after
 * ```
 */
export function checkReads(s: Shadow, clock: VectorClock, sink: RaceSink): void {
  const reads = s.reads;
  if (reads === null) {
    if (s.rTime > clock.get(s.rG)) sink.conflict(s.rG, false, s.rSite);
    return;
  }
  for (let u = reads.firstAfter(clock); u !== -1; u = reads.firstAfter(clock, u + 1)) {
    sink.conflict(u, false, s.readSites?.get(u));
  }
}
