/**
 * The goroutine record (Go's `g`).
 *
 * Invariants:
 * - `state` is RUNNING for exactly one goroutine while user code runs, and for none
 *   while the scheduler decides.
 * - A RUNNABLE goroutine is in the run queue and `op` is what it does when chosen:
 *   `start` (first step), `resume` (continue after a wake: `result`/`error` hold the
 *   outcome) or a primitive's operation to perform.
 * - A BLOCKED goroutine is in exactly one wait queue (several for a `select`), and
 *   `waitReason`/`waitOn` say what it waits for.
 * - `resolve` is set while the goroutine awaits one of the runtime's promises (a
 *   failure resolves it with a rejected promise); a goroutine awaits at most one at a time.
 */
import type { GoroutineView, ObjectInfo, OpKind, PendingOp, SourceLocation, WaitReason } from './types.ts';
import type { SelectWait, Waiter, WaitQueue } from './wait-queue.ts';
import type { ExitHook } from './kernel.ts';

export const RUNNABLE = 0;
export const RUNNING = 1;
export const BLOCKED = 2;
export const DONE = 3;
export type GState = typeof RUNNABLE | typeof RUNNING | typeof BLOCKED | typeof DONE;

/** The running segment polled: its next scheduling point is a yield without progress. */
export const POLLED = 1;
/** Runnable after a yield without progress: deferred while older runnable goroutines wait (fairness.ts). */
export const YIELDED = 2;
/** Chosen after a yield without progress to perform a bare `gosched` (or `sleep(0)`): the rest of a poll loop. */
export const POLL_LOOP = 3;
/** Running (or runnable again) after 1 or 2 bare yields in a row: not deferred yet (fairness.ts). */
export const BARE_1 = 4;
export const BARE_2 = 5;
/** Waiting in the run queue after a third bare yield in a row: deferred as a yielder, not idle (fairness.ts). */
export const SPUN = 6;
export type FairState = 0 | typeof POLLED | typeof YIELDED | typeof POLL_LOOP | typeof BARE_1 | typeof BARE_2 | typeof SPUN;

/**
 * A scheduling-point operation. `perform` runs when the scheduler chooses the
 * goroutine: it returns true when the operation completed (the goroutine resumes
 * with `g.result`, or throws `g.error` when `g.failed`), false when it parked the
 * goroutine (through `Runtime.park`).
 */
export interface Op extends PendingOp {
  perform(g: G): boolean;
}

/**
 * An {@link Op} that calls a method of the object it belongs to. Primitives make
 * their ops once, in their constructor, from prototype methods: a channel or a
 * WaitGroup costs no closure (an exploration creates them in every run).
 */
export class MethodOp<T> implements Op {
  /** What monitors see of the op: kind and object id, without the owner. */
  readonly view: PendingOp;

  constructor(
    readonly kind: OpKind,
    readonly object: number,
    private readonly owner: T,
    private readonly method: (this: T, g: G) => boolean,
  ) {
    this.view = { kind, object };
  }

  perform(g: G): boolean {
    return this.method.call(this.owner, g);
  }
}

const NO_ERROR: unique symbol = Symbol('no error');

/** Fields only runs with locations on fill in (kept off the record to keep goroutines small). */
interface GDebug {
  createdAt: SourceLocation | undefined;
  site: SourceLocation | undefined;
  /** The scheduling point (`suspendedAt`) at which `site` was captured; -1: none. */
  siteAt: number;
}

/**
 * A goroutine. It is also its own {@link Waiter} for plain waits (a channel, a lock,
 * a WaitGroup: one queue at a time), so parking allocates no record: a parked
 * goroutine is this object, its pending promise and its own frames.
 */
export class G implements GoroutineView, Waiter {
  state: GState = RUNNABLE;
  /** The operation performed at the next scheduling point. */
  op: Op;
  /**
   * The op's argument (value to send, cases of a select, ...) until it is performed,
   * then its result; before the goroutine starts, its body. One field for the three:
   * a parked goroutine must stay small.
   */
  private slot: unknown;
  private err: unknown = NO_ERROR;
  resolve: ((v: unknown) => void) | undefined = undefined;
  waitReason: WaitReason | undefined = undefined;
  waitOn: ObjectInfo | readonly ObjectInfo[] | undefined = undefined;
  /** `Shared` accesses since the last scheduling point (spin detection). */
  accesses = 0;
  // Its own waiter's links (see `ownWaiter`).
  prev: Waiter | undefined = undefined;
  next: Waiter | undefined = undefined;
  queue: WaitQueue | undefined = undefined;
  /** As a waiter: the value a parked sender offers, or what a primitive keeps per wait. */
  value: unknown = undefined;
  /** As a waiter: per primitive (a semaphore weight, a receiver's wants-ok flag). */
  n = 0;
  /**
   * Fair scheduling (fairness.ts): POLLED while its running segment has polled,
   * YIELDED while it waits in the run queue after a yield without progress,
   * POLL_LOOP while it runs the rest of a poll loop, BARE_1/BARE_2 after one or
   * two bare yields in a row, SPUN while it waits after a third, else 0.
   */
  fair: FairState = 0;
  /** When it last became runnable, on the run's fairness clock (fairness.ts). */
  since = 0;
  /** The progress epoch in which it was last counted idle (fairness.ts); -1: never. */
  idleMark = -1;
  /** Atomic id -> that atomic's write count when this goroutine last loaded it (a load of an unchanged atomic is a poll). */
  loaded: Map<number, number> | undefined = undefined;
  /** The step count at which it last reached a scheduling point; -1: never (see site-plan.ts). */
  suspendedAt = -1;
  /** Called when the body ends (`WaitGroup.go`'s done), then cleared. */
  onExit: ExitHook | undefined = undefined;
  private debug: GDebug | undefined = undefined;

  constructor(
    readonly id: number,
    readonly name: string | undefined,
    readonly parent: number,
    op: Op,
    fn: () => unknown,
  ) {
    this.op = op;
    this.slot = fn;
  }

  /** As a waiter: the goroutine (itself). */
  get g(): G {
    return this;
  }

  /** As a waiter: never one of a select (those have their own records). */
  get select(): SelectWait | undefined {
    return undefined;
  }

  /** The body, until it starts (then undefined). */
  get fn(): (() => unknown) | undefined {
    return this.op.kind === 'start' ? (this.slot as () => unknown) : undefined;
  }
  set fn(_: undefined) {
    this.slot = undefined;
  }

  get arg(): unknown {
    return this.slot;
  }
  set arg(v: unknown) {
    this.slot = v;
  }

  get result(): unknown {
    return this.slot;
  }
  set result(v: unknown) {
    this.slot = v;
  }

  /** Whether the op ended in a panic (`error`) rather than a result. */
  get failed(): boolean {
    return this.err !== NO_ERROR;
  }
  set failed(f: boolean) {
    if (!f) this.err = NO_ERROR;
  }

  get error(): unknown {
    return this.err === NO_ERROR ? undefined : this.err;
  }
  set error(e: unknown) {
    this.err = e;
  }

  /** Where `go` was called (locations on). */
  get createdAt(): SourceLocation | undefined {
    return this.debug?.createdAt;
  }
  set createdAt(s: SourceLocation | undefined) {
    (this.debug ??= { createdAt: undefined, site: undefined, siteAt: -1 }).createdAt = s;
  }

  /** Where the goroutine last reached a scheduling point (locations on). */
  get site(): SourceLocation | undefined {
    return this.debug?.site;
  }
  set site(s: SourceLocation | undefined) {
    const d = (this.debug ??= { createdAt: undefined, site: undefined, siteAt: -1 });
    d.site = s;
    d.siteAt = this.suspendedAt;
  }

  /** Drops the site of an earlier scheduling point (a located run with a plan that did not capture this one). */
  forgetSite(): void {
    if (this.debug === undefined) return;
    this.debug.site = undefined;
    this.debug.siteAt = -1;
  }

  /** Whether `site` is where it last reached a scheduling point (captured there, or it never reached one). */
  get siteCurrent(): boolean {
    return this.suspendedAt < 0 || this.debug?.siteAt === this.suspendedAt;
  }
}

/** A new goroutine's first step. */
export const START: Op = { kind: 'start', object: 0, perform: () => true };
/** Continuing after a wake; the waker already stored the outcome. */
export const RESUME: Op = { kind: 'resume', object: 0, perform: () => true };
/** The spawner continuing after `go()` (a scheduling point for it: see `Runtime.spawn`). */
export const GO: Op = { kind: 'go', object: 0, perform: () => true };
/** `gosched()`: a bare scheduling point. */
export const GOSCHED: Op = { kind: 'gosched', object: 0, perform: () => true };
