/**
 * The surface every primitive talks to: the whole of what a channel, a lock, a
 * timer or a context needs from a runtime. Two implementations:
 *
 * - `Runtime` (runtime.ts): one deterministic execution inside `run`; every
 *   scheduling point goes through its scheduler.
 * - `ProductionKernel` (production.ts): outside any run, on the real event loop
 *   and the real clock (production mode, docs/production.md).
 *
 * A primitive takes its kernel once, when it is created (`current(api)`), and keeps
 * it: an object belongs to the run that created it, or to production mode.
 *
 * Invariants both keep:
 * - `suspend(op, arg)` performs `op` with `g.arg = arg` at a scheduling point; the
 *   promise settles with `g.result`, or rejects with `g.error` when the op failed.
 * - `op.perform(g)` either completes (returns true) or parks `g` through `park`
 *   (returns false); a parked goroutine is resumed only by `wake`/`wakeWithError`,
 *   called after the waker's state change is complete.
 * - `addTimer` fires `fire` once, at `when` (ms on the kernel's clock, `nowMs`), unless
 *   `deleteTimer` removed it first; `deleteTimer` says whether it was still pending.
 */
import type { G, Op } from './goroutine.ts';
import type { MonitorHub } from './monitor-hub.ts';
import type { TimerEntry } from './timer-heap.ts';
import type { DecisionKind, ObjectInfo, SourceLocation, WaitReason } from './types.ts';

/** What a goroutine started by `WaitGroup.go` calls as the last thing its body does (returning or throwing). */
export interface ExitHook {
  done(): void;
}

export interface Kernel {
  /** The running goroutine; undefined outside goroutine code (a timer, between steps). */
  readonly current: G | undefined;
  /** The clock, in ms: virtual (from 0) inside a run, real (epoch ms, monotonic) in production. */
  readonly nowMs: number;
  /** The run's monitors, if any (never in production). */
  readonly mon: MonitorHub | undefined;
  /** Whether source locations are captured (never in production). */
  readonly locations: boolean;
  /** A fresh id for a runtime object. */
  newObjectId(): number;
  /**
   * Starts `fn` as a new goroutine; returns its id. Not a scheduling point. `onExit`'s
   * `done` runs when the body returns or throws, as a `finally` around it would (with
   * no async frame of its own: `WaitGroup.go`'s goroutines stay small).
   */
  spawn(fn: () => unknown, name?: string, onExit?: ExitHook): number;
  /** A scheduling point of the running goroutine that performs `op` (see the invariants above). */
  suspend<T>(op: Op, arg?: unknown): Promise<T>;
  /** Where `g` last reached a scheduling point, for an event of this step that shows it (undefined without locations). */
  siteOf(g: G): SourceLocation | undefined;
  /** Parks `g` inside an op's `perform`; returns false, what `perform` returns when it parks. */
  park(g: G, reason: WaitReason, on: ObjectInfo | readonly ObjectInfo[] | undefined): false;
  /** Resumes a parked goroutine with `result`. */
  wake(g: G, result?: unknown): void;
  /** Resumes a parked goroutine by throwing `error` (a panic) in it. */
  wakeWithError(g: G, error: unknown): void;
  /** `runtime.Gosched`. */
  gosched(): Promise<void>;
  /** `time.Sleep` on the kernel's clock. */
  sleep(ms: number): Promise<void>;
  /**
   * Go's `fatal error` (`message` in Go's words): inside a run, ends it with that
   * finding at once, which nothing in the program can catch, then throws to leave the
   * caller; in production, throws a `Panic`.
   */
  fatal(message: string): never;
  /** Counts a `Shared` access by `g` (spin detection inside a run). */
  countAccess(g: G): void;
  /** Chooses among `options` >= 2 alternatives (the scheduler inside a run, Math.random in production). */
  decide(kind: DecisionKind, options: number, cur: number): number;
  /** Schedules `fire` at `when` on the kernel's clock. */
  addTimer(when: number, fire: () => void): TimerEntry;
  /** Cancels a timer; returns whether it was still pending. */
  deleteTimer(t: TimerEntry): boolean;
}
