/**
 * Lock-order inversion and recursive locking (the checks of go-deadlock), as a
 * core `Monitor`. Both are *potential* deadlocks: they are reported from a schedule
 * in which nothing needs to have deadlocked.
 *
 * The lock graph has an edge A→B each time a goroutine acquires B (or parks trying
 * to) while holding A,
 * remembered with the goroutine, both acquisition sites, both modes and the other
 * locks it held ("gates"). An inversion is a pair A→B by g and B→A by g' ≠ g such
 * that each goroutine's second acquisition would wait for the other's first (not
 * both read locks) and no gate lock held by both excludes them from running the
 * two sections at once.
 *
 * Invariants:
 * - `edges` keeps at most `MAX_PER_EDGE` occurrences per ordered pair, one per
 *   goroutine and set of gate locks.
 * - Each unordered lock pair is reported at most once per run; each recursive
 *   acquisition at most once per (object, goroutine, site).
 * - State is reset by `runStart`.
 * - Sites come only from the events (a run with locations on): lock events are
 *   emitted from inside the scheduler, where the stack may be another goroutine's,
 *   so nothing is captured on demand here.
 */
import type { BlockEvent, Finding, Monitor, ObjectInfo, RunInfo, SourceLocation, SpawnEvent } from './core-types.ts';
import { GoroutineTable } from './goroutines.ts';
import { inversionFinding, recursiveFinding, type LockStep } from './lock-report.ts';
import { FindingLog, type StepStamped } from './occurrences.ts';
import { LockTable, type HeldLock } from './lock-table.ts';
import { formatSite } from './report.ts';

/** One acquisition of B while holding A. */
export interface EdgeOccurrence {
  readonly g: number;
  readonly first: LockStep;
  readonly second: LockStep;
  /** Other locks g held then. */
  readonly gates: readonly HeldLock[];
}

const MAX_PER_EDGE = 64;

function conflicts(a: LockStep, b: LockStep): boolean {
  return !(a.shared && b.shared);
}

/** True when a lock held by both goroutines keeps the two sections from overlapping. */
function gated(x: EdgeOccurrence, y: EdgeOccurrence): boolean {
  for (const a of x.gates) {
    for (const b of y.gates) {
      if (a.object.id === b.object.id && !(a.shared && b.shared)) return true;
    }
  }
  return false;
}

function sameGates(x: EdgeOccurrence, y: EdgeOccurrence): boolean {
  return x.gates.length === y.gates.length && x.gates.every((h, i) => h.object.id === y.gates[i]?.object.id && h.shared === y.gates[i]?.shared);
}

const LOCK_WAITS = new Set<string>(['sync.Mutex.Lock', 'sync.RWMutex.Lock', 'sync.RWMutex.RLock']);

/**
 * Detects lock-order inversions and recursive locking; {@link lockOrderDetector} makes one.
 *
 * @example
 * ```ts
 * const r = await run(program, { monitors: [new LockOrderMonitor()] });
 * r.findings.filter((f) => f.kind === 'lock-order');
 * ```
 */
export class LockOrderMonitor implements Monitor, StepStamped {
  private readonly locks = new LockTable();
  private readonly goroutines = new GoroutineTable();
  private edges = new Map<string, EdgeOccurrence[]>();
  private reported = new Set<string>();
  private readonly findings = new FindingLog();

  runStart(_info: RunInfo): void {
    this.locks.clear();
    this.goroutines.clear();
    this.edges = new Map();
    this.reported = new Set();
    this.findings.reset();
  }

  step(step: number): void {
    this.findings.step = step;
  }

  spawn(e: SpawnEvent): void {
    this.goroutines.spawn(e);
  }

  exit(g: number): void {
    this.goroutines.exit(g);
  }

  lock(g: number, object: ObjectInfo, held: boolean, shared: boolean, site: SourceLocation | undefined): void {
    if (!held) {
      this.locks.release(g, object, shared);
      return;
    }
    const mine = this.locks.held(g);
    if (mine.length > 0) {
      const previous = this.locks.holding(g, object.id);
      if (previous !== undefined) this.recursive(g, object, shared, site, previous);
      for (const h of mine) {
        if (h.object.id !== object.id) this.edge(g, h, { object, shared, site }, mine);
      }
    }
    this.locks.acquire(g, object, shared, site);
  }

  /**
   * A lock attempt that parks: a recursive attempt is reported here (it may never be
   * granted), and the nesting edges are recorded now, so an inversion is reported
   * also in the schedules where it does deadlock.
   */
  block(e: BlockEvent): void {
    if (!LOCK_WAITS.has(e.reason)) return;
    const g = e.goroutine;
    const shared = e.reason === 'sync.RWMutex.RLock';
    const mine = this.locks.held(g);
    for (const object of e.objects) {
      const previous = this.locks.holding(g, object.id);
      if (previous !== undefined) this.recursive(g, object, shared, e.site, previous);
      for (const h of mine) {
        if (h.object.id !== object.id) this.edge(g, h, { object, shared, site: e.site }, mine);
      }
    }
  }

  private recursive(g: number, object: ObjectInfo, shared: boolean, site: SourceLocation | undefined, previous: HeldLock): void {
    const key = `rec/${object.id}/${g}/${site === undefined ? '' : formatSite(site)}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const again: LockStep = { object, shared, site };
    this.findings.push(recursiveFinding(g, previous, again, this.goroutines));
  }

  private edge(g: number, first: HeldLock, second: LockStep, mine: readonly HeldLock[]): void {
    const a = first.object.id;
    const b = second.object.id;
    const occurrence: EdgeOccurrence = {
      g,
      first,
      second,
      gates: mine.filter((h) => h.object.id !== a && h.object.id !== b),
    };
    const reverse = this.edges.get(`${b}>${a}`);
    const pair = a < b ? `${a}<>${b}` : `${b}<>${a}`;
    if (reverse !== undefined && !this.reported.has(pair)) {
      for (const other of reverse) {
        if (other.g === g || gated(occurrence, other)) continue;
        if (!conflicts(occurrence.second, other.first) || !conflicts(occurrence.first, other.second)) continue;
        this.reported.add(pair);
        this.findings.push(inversionFinding(occurrence, other, this.goroutines));
        break;
      }
    }
    const key = `${a}>${b}`;
    const list = this.edges.get(key);
    if (list === undefined) this.edges.set(key, [occurrence]);
    else if (list.length < MAX_PER_EDGE && !list.some((o) => o.g === g && sameGates(o, occurrence))) list.push(occurrence);
  }

  runEnd(): Finding[] {
    return this.findings.all();
  }

  /** The step of the run in which an inversion or a recursive lock reported by the last run happened. */
  stepOf(finding: Finding): number | undefined {
    return this.findings.stepOf(finding);
  }
}

/**
 * A fresh lock-order detector (go-deadlock's inconsistent-order and recursive-locking checks).
 *
 * @example
 * ```ts
 * import { run } from '@interleave/core';
 * import { lockOrderDetector } from '@interleave/race-detector';
 *
 * const r = await run(program, { monitors: [lockOrderDetector] }); // a factory: one per execution
 * r.findings.find((f) => f.kind === 'lock-order')?.text; // 'POTENTIAL DEADLOCK: inconsistent lock order ...'
 * ```
 */
export function lockOrderDetector(): LockOrderMonitor {
  return new LockOrderMonitor();
}
