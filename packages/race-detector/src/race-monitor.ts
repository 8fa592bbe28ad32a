/**
 * The happens-before race detector as a core `Monitor`.
 *
 * Every goroutine has a vector clock; every synchronization variable (an object id
 * and a slot) has one. Core emits Go's memory-model edges as halves:
 * - release(g, v): `V[v] ⊔= C[g]`, then g ticks (its later accesses are after the edge);
 * - acquire(g, v): `C[g] ⊔= V[v]`;
 * - spawn: `C[child] = C[parent]` with its own entry 1, then the parent ticks.
 * `Shared` accesses are checked against the FastTrack shadow of their object.
 * Atomic operations are recorded in a second shadow of their object, and each kind is
 * checked against the other: a plain access of an `Atomic` (`plain`) races with an
 * atomic operation it is not ordered with, as in Go's detector; two atomic
 * operations never race.
 *
 * WaitGroup misuse (see waitgroup-shadow.ts): core shows an `add` from zero and a
 * `wait` as accesses of the WaitGroup. They are told apart by the step (a wait is
 * the access of a `waitgroup.wait` step, before the goroutine resumes; an add is
 * any other), not by core's read/write flag.
 *
 * Invariants:
 * - `clocks[g][g] >= 1` for every goroutine seen, so epoch 0 always means "none".
 * - A goroutine's own entry changes only by its own release or spawn (a tick), so
 *   `C[u][g] < C[g][g]` unless u acquired something g released after its last tick.
 * - Reports: at most one per unordered pair of locations (when locations are known),
 *   else one per (object, goroutine pair, access kinds); at most `maxReports` per run.
 * - All state is reset by `runStart`: one instance may observe several runs.
 */
import type { Finding, Monitor, ObjectInfo, PendingOp, RunInfo, SourceLocation, SpawnEvent, SyncMode } from './core-types.ts';
import { checkReads, checkWrite, read, Shadow, write, type RaceSink } from './fasttrack.ts';
import { FindingLog, type StepStamped } from './occurrences.ts';
import { GoroutineTable } from './goroutines.ts';
import { formatSite, raceFinding, type AccessOp } from './report.ts';
import { defaultCaptureSite, type CaptureSite } from './sites.ts';
import { VectorClock } from './vector-clock.ts';
import { WaitGroupShadow } from './waitgroup-shadow.ts';

/** Conflicts among atomic operations are no races. */
const IGNORE: RaceSink = { conflict: () => {} };

/**
 * Options of {@link RaceMonitor}.
 *
 * @example
 * ```ts
 * await run(program, { monitors: [() => raceDetector({ maxReports: 5 })] });
 * ```
 */
export interface RaceDetectorOptions {
  /**
   * Where the current `Shared` access (or WaitGroup add) is when the run captures no
   * locations; called only when a new race is reported. Default: core's `captureSite`.
   */
  captureSite?: CaptureSite;
  /** At most this many race reports per run (default 100). */
  maxReports?: number;
}

/**
 * FastTrack race detection over core's events; {@link raceDetector} makes one.
 *
 * @example
 * ```ts
 * const m = new RaceMonitor();
 * await run(program, { monitors: [m] }); // races come back among the run's findings
 * ```
 */
export class RaceMonitor implements Monitor, RaceSink, StepStamped {
  private clocks: (VectorClock | undefined)[] = [];
  // Indexed by object id (core's ids are small, dense and per run).
  private vars: ((VectorClock | undefined)[] | undefined)[] = [];
  private shadows: (Shadow | undefined)[] = [];
  /** The atomic operations on each object (only objects that had one). */
  private atomicShadows: (Shadow | undefined)[] = [];
  private waitGroups: (WaitGroupShadow | undefined)[] = [];
  private readonly goroutines = new GoroutineTable();
  private reported = new Set<string>();
  private readonly findings = new FindingLog();
  private locations = false;
  /** The WaitGroup whose `wait` the current step performs (0: none). */
  private pendingWait = 0;
  /** Steps taken so far: a race found now is stamped with it (core sorts findings by step). */
  private steps = 0;
  private readonly capture: CaptureSite;
  private readonly maxReports: number;
  // The access being checked, read by `conflict` (fields, not a closure: no allocation).
  private curG = 0;
  private curObject: ObjectInfo | undefined = undefined;
  private curOp: AccessOp = 'read';
  private curSite: SourceLocation | undefined = undefined;
  /**
   * The current access's location as `capture` gave it, once asked (`captured`):
   * an access that races with several earlier ones is located once, not once a
   * race (the same user frame and caller, so the same location).
   */
  private captured = false;
  private capturedSite: SourceLocation | undefined = undefined;
  /** The previous access's op, given whether it was a write (Shared) or regardless (WaitGroup). */
  private prevWriteOp: AccessOp = 'write';
  private prevReadOp: AccessOp = 'read';

  constructor(options: RaceDetectorOptions = {}) {
    this.capture = options.captureSite ?? defaultCaptureSite;
    this.maxReports = options.maxReports ?? 100;
  }

  runStart(info: RunInfo): void {
    this.clocks = [];
    this.vars = [];
    this.shadows = [];
    this.atomicShadows = [];
    this.waitGroups = [];
    this.goroutines.clear();
    this.reported = new Set();
    this.findings.reset();
    this.locations = info.locations;
    this.pendingWait = 0;
    this.steps = 0;
  }

  /** The clock of goroutine `g`, created with `g`'s own entry 1 when first seen. */
  clockOf(g: number): VectorClock {
    let c = this.clocks[g];
    if (c === undefined) {
      c = new VectorClock();
      c.set(g, 1);
      this.clocks[g] = c;
    }
    return c;
  }

  step(step: number, _g: number, op: PendingOp): void {
    this.steps = step + 1;
    this.findings.step = step;
    this.pendingWait = op.kind === 'waitgroup.wait' ? op.object : 0;
  }

  spawn(e: SpawnEvent): void {
    this.goroutines.spawn(e);
    if (e.parent === 0) return; // main: created by the runtime, its clock starts fresh
    const parent = this.clockOf(e.parent);
    const child = parent.copy();
    child.set(e.child, 1);
    this.clocks[e.child] = child;
    parent.tick(e.parent);
  }

  sync(g: number, object: ObjectInfo, slot: number, mode: SyncMode): void {
    let slots = this.vars[object.id];
    if (slots === undefined) {
      slots = [];
      this.vars[object.id] = slots;
    }
    const i = slot + 1; // slot -1 (a channel's close) is index 0
    const c = this.clockOf(g);
    const v = slots[i];
    if (mode === 'release') {
      if (v === undefined) slots[i] = c.copy();
      else v.join(c);
      c.tick(g);
    } else if (v !== undefined) {
      c.join(v);
    }
  }

  access(g: number, object: ObjectInfo, isWrite: boolean, atomic: boolean, site: SourceLocation | undefined): void {
    if (atomic) {
      this.atomicAccess(g, object, isWrite, site);
      return;
    }
    let s = this.shadows[object.id];
    // Fast path, inlined: the same goroutine again in the same epoch has nothing to check.
    if (s !== undefined) {
      const now = this.clockOf(g).get(g);
      if (isWrite) {
        if (s.wG === g && s.wTime === now) {
          if (site !== undefined) s.wSite = site;
          return;
        }
      } else if (s.rG === g && s.rTime === now) {
        if (site !== undefined) s.rSite = site;
        return;
      }
    } else if (object.kind === 'waitgroup') {
      this.waitGroupAccess(g, object, site);
      return;
    }
    if (s === undefined) {
      s = new Shadow();
      this.shadows[object.id] = s;
    }
    this.curG = g;
    this.curObject = object;
    this.curOp = isWrite ? 'write' : 'read';
    this.curSite = site;
    this.captured = false;
    this.prevWriteOp = 'write';
    this.prevReadOp = 'read';
    if (isWrite) write(s, g, this.clockOf(g), site, this);
    else read(s, g, this.clockOf(g), site, this);
    const a = this.atomicShadows[object.id];
    if (a !== undefined) {
      // A plain access against the atomic operations: a read conflicts with their writes only.
      this.prevWriteOp = 'atomic write';
      this.prevReadOp = 'atomic read';
      checkWrite(a, this.clockOf(g), this);
      if (isWrite) checkReads(a, this.clockOf(g), this);
    }
  }

  /** An atomic operation: checked against the plain accesses of its object, recorded among its atomic ones (which never conflict). */
  private atomicAccess(g: number, object: ObjectInfo, isWrite: boolean, site: SourceLocation | undefined): void {
    let a = this.atomicShadows[object.id];
    if (a === undefined) {
      a = new Shadow();
      this.atomicShadows[object.id] = a;
    }
    const clock = this.clockOf(g);
    const plain = this.shadows[object.id];
    if (plain !== undefined) {
      this.curG = g;
      this.curObject = object;
      this.curOp = isWrite ? 'atomic write' : 'atomic read';
      this.curSite = site;
      this.captured = false;
      this.prevWriteOp = 'write';
      this.prevReadOp = 'read';
      checkWrite(plain, clock, this);
      if (isWrite) checkReads(plain, clock, this);
    }
    if (isWrite) write(a, g, clock, site, IGNORE);
    else read(a, g, clock, site, IGNORE);
  }

  private waitGroupAccess(g: number, object: ObjectInfo, site: SourceLocation | undefined): void {
    const isWait = object.id === this.pendingWait;
    if (isWait) this.pendingWait = 0;
    // An add runs in its goroutine's own code (not a scheduling point): locate it here.
    else if (this.locations) site = this.capture();
    let w = this.waitGroups[object.id];
    if (w === undefined) {
      w = new WaitGroupShadow();
      this.waitGroups[object.id] = w;
    }
    const clock = this.clockOf(g);
    this.curG = g;
    this.curObject = object;
    this.curOp = isWait ? 'WaitGroup.wait' : 'WaitGroup.add';
    this.curSite = site;
    this.captured = false;
    this.prevWriteOp = this.prevReadOp = isWait ? 'WaitGroup.add' : 'WaitGroup.wait';
    if (isWait) w.wait(g, clock, site, this);
    else w.add(g, clock, site, this);
  }

  /** Called by the FastTrack rules for each earlier access the current one races with. */
  conflict(prevG: number, prevWrite: boolean, prevSite: SourceLocation | undefined): void {
    const object = this.curObject;
    if (object === undefined || this.findings.length >= this.maxReports) return;
    const g = this.curG;
    const prevOp = prevWrite ? this.prevWriteOp : this.prevReadOp;
    let site = this.curSite;
    let key = `${object.id}/${prevG}${prevOp}/${g}${this.curOp}`;
    if (site !== undefined && prevSite !== undefined) {
      const a = formatSite(site);
      const b = formatSite(prevSite);
      key = a < b ? `${a}|${b}` : `${b}|${a}`;
    }
    if (this.reported.has(key)) return;
    this.reported.add(key);
    // Shared accesses and adds run in their goroutine's own code, so the stack is
    // right; a wait is performed inside the scheduler, where it may be another's.
    if (site === undefined && this.curOp !== 'WaitGroup.wait' && !this.curOp.startsWith('atomic')) site = this.captureOnce();
    const current = { g, op: this.curOp, site };
    const previous = { g: prevG, op: prevOp, site: prevSite };
    const finding = raceFinding(object, current, previous, this.goroutines);
    finding.step = this.steps;
    this.findings.push(finding);
  }

  /** The current access's location, captured at its first race (see `captured`). */
  private captureOnce(): SourceLocation | undefined {
    if (!this.captured) {
      this.capturedSite = this.capture();
      this.captured = true;
    }
    return this.capturedSite;
  }

  exit(g: number): void {
    this.goroutines.exit(g);
  }

  runEnd(): Finding[] {
    return this.findings.all();
  }

  /** The step of the run in which a race reported by the last run happened. */
  stepOf(finding: Finding): number | undefined {
    return this.findings.stepOf(finding);
  }
}

/**
 * A fresh race detector. Pass the function itself as a monitor factory so that
 * the re-run core makes of a failing schedule (with locations on) gets its own
 * instance and the reports carry every location; an instance works too (it resets
 * itself at each `runStart`) but sees only the first run.
 *
 * @example
 * ```ts
 * import { run, go, shared } from '@interleave/core';
 * import { raceDetector } from '@interleave/race-detector';
 *
 * const r = await run(async () => {
 *   const x = shared(0, 'x');
 *   go(() => { x.value++; });
 *   x.value++;
 * }, { monitors: [raceDetector], seed: 1 });
 * r.findings[0]?.kind; // 'race'
 * ```
 */
export function raceDetector(options: RaceDetectorOptions = {}): RaceMonitor {
  return new RaceMonitor(options);
}
