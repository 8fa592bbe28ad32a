/**
 * One execution of a program: goroutines, the run queue, virtual time, and the
 * scheduling loop. Every primitive is a thin facade over the calls here.
 *
 * How a step works (loom's model): a goroutine reaches a scheduling point by
 * calling `suspend(op)`; it becomes RUNNABLE with `op` pending and the scheduler
 * chooses who runs next (a `Scheduler` decision when more than one can). The chosen
 * goroutine's `op.perform` runs right away, inside the scheduler: it either
 * completes (the goroutine's promise is resolved, and its user code runs until its
 * next scheduling point) or parks it (another is chosen). So exactly one goroutine
 * runs user code at a time, and the whole run is a single chain of microtasks.
 *
 * Invariants:
 * - `current` is the RUNNING goroutine, or undefined while the scheduler decides.
 * - Virtual time (`nowMs`) never moves backwards. It jumps straight to the earliest
 *   timer when every goroutine is blocked or idle (polling without progress, see
 *   fairness.ts); a timer due less than `timerWindowMs` ahead may also fire while
 *   goroutines are runnable, when a `timer` decision says so (at most once a step).
 * - The goroutines offered to a `goroutine` decision are the runnable ones minus
 *   the yielders the fairness rule defers (fairness.ts).
 * - Once `ended`, nothing runs: late calls from goroutines that were abandoned get
 *   a promise that never settles.
 * - After main returns (draining), no timer due later than DRAIN_WINDOW_MS after
 *   main's return fires, and the run takes at most DRAIN_STEPS more steps.
 * - Spawn order (see `spawn`): `go()` in a running goroutine is a `goroutine`
 *   decision between `[spawner, child]`. Choosing the child runs its first segment
 *   right there, inside `go()` (`nested`), until it reaches a scheduling point; if
 *   it awaits something else first, it stays RUNNING (`detached`) alongside the
 *   spawner, and takes over when the spawner reaches its next scheduling point or
 *   returns (the rest of its first step: no step event). Either way the spawner's
 *   rest of the segment is a new step (op `go`).
 *   While a child is nested or detached, `go()` is not a decision.
 */
import { AwaitWatch, keepStall } from './await-site.ts';
import { Sentinel, startedWork } from './quiescence.ts';
import { enter, outlive, owning, promiseEvents, track, untagged, type ContextTarget } from './async-context.ts';
import { installVirtualGlobals, restoreGlobals } from './virtual-globals.ts';
import { isPromiseLike } from './promise-like.ts';
import { BLOCKED, DONE, G, GO, GOSCHED, MethodOp, POLLED, RESUME, RUNNABLE, RUNNING, SPUN, START, YIELDED, type Op } from './goroutine.ts';
import { RunQueue } from './run-queue.ts';
import { Fairness } from './fairness.ts';
import { TimerHeap, type TimerEntry } from './timer-heap.ts';
import { captureSite } from './location.ts';
import { PLANNED_STEPS, PlanCursor, SiteRequests, keepPlan, type SitePlan } from './site-plan.ts';
import { DecisionRecorder, KIND_CODE, ReplaySource, ReplayMismatch, replayBound } from './decisions.ts';
import { FatalError, RunAborted, UsageError } from './errors.ts';
import { MonitorHub } from './monitor-hub.ts';
import * as report from './report.ts';
import { isInstance } from './thrown.ts';
import { detachParked, fullGc, settle, type StuckProbe } from './stuck-check.ts';
import type { ExitHook, Kernel } from './kernel.ts';
import { enterRun, leaveRun, productionKernel } from './production.ts';
import type {
  BlockedGoroutine, Decision, DecisionKind, Finding, GoroutineView, Monitor, ObjectInfo, RunControl, RunInfo, RunResult,
  Scheduler, SourceLocation, WaitReason,
} from './types.ts';

/** Accesses to `Shared` memory a goroutine may make without a scheduling point before it is called a spin. */
const MAX_ACCESSES_PER_STEP = 10_000_000;
/** Steps the run may take after main returns, letting goroutines finish before leaks are judged (goleak's retries). */
const DRAIN_STEPS = 10_000;
/**
 * Virtual time the run may move on after main returns: no timer due later fires.
 * Go ends the program at main's return; goleak's VerifyNone then waits about 431 ms
 * of real time (20 sleeps of 1 µs doubling up to 100 ms). Virtual time costs nothing,
 * so the window is longer: an operation its caller abandoned on a timeout (a fetch
 * finishing into a buffered channel, Go's own tutorials) takes seconds to finish, and
 * is no leak; code after a long sleep past main's return never runs.
 */
export const DRAIN_WINDOW_MS = 10_000;
/** Timers that may fire in a row while no goroutine can run before the run is called dead. */
const MAX_IDLE_TIMERS = 10_000;
/** Yields without progress in a row, with every goroutine blocked or idle and no timer pending, before the run is called stuck. */
const MAX_IDLE_POLLS = 1000;
/** How many recent steps the step-limit report looks at. */
const RECENT = 1024;

/** Stuck checks (each a full garbage collection) a run makes at most. */
const MAX_STUCK_CHECKS = 4;

const NEVER = new Promise<never>(() => {});
/** The body of a goroutine made for a promise job (see `Runtime.fork`): its code is the job's. */
const NO_BODY = (): void => {};
/** Handed back when an operation with no result completes at once: awaiting it allocates nothing. */
const SETTLED = Promise.resolve(undefined);
/** The resolver `pendingFor`'s shared executor captured (no closure per parked operation). */
let captured: ((v: unknown) => void) | undefined;
function capture(resolve: (v: never) => void): void {
  captured = resolve as (v: unknown) => void;
}

/**
 * A promise that `resume` settles for `g`. Only its resolver is kept (a failure
 * resolves it with a rejected promise): a parked goroutine holds one function, not two.
 */
function pendingFor<T>(g: G): Promise<T> {
  const p = new Promise<T>(capture);
  g.resolve = captured;
  // Held only by `g`: a stuck check must find a parked goroutine unreachable from here.
  captured = undefined;
  return p;
}

/** Captured at load, so a test that fakes timers cannot delay a stuck check. */
const realSetImmediate = globalThis.setImmediate;
const realNextTick = process.nextTick.bind(process);

let active: Runtime | undefined;

/**
 * One sentinel for the process (quiescence.ts), watching whichever run is active (runs
 * never overlap). A sentinel per run left one tick per run queued until the microtask
 * queue next ran dry, each holding its whole run alive: an exploration runs 256 schedules
 * between two turns of the event loop, so they piled up for the collector.
 */
const sentinel = new Sentinel({
  waiting: () => active !== undefined && !active.ended && !active.paused,
  progress: () => active?.steps ?? -1,
  quiet: () => active?.stalled(),
});

/**
 * The kernel for `api` (`'chan()'`, `'go()'`, ...): the runtime of the run in
 * progress, or outside any run production mode's (real event loop, real clock;
 * see production.ts), which names the object `api` makes in its errors.
 */
export function current(api: string): Kernel {
  // No run: production mode, unless the code is a goroutine's of a run that ended (its
  // promise settled after the run; async-context.ts keeps telling whose code runs).
  if (active === undefined) return owning() instanceof G ? deadRun() : productionKernel(api);
  // Paused for a stuck check, the run runs no code of its own: a call now comes from a
  // goroutine of a run that ended (abandoned on a foreign promise), and must not reach
  // this one. It gets a dead run, where every operation waits forever.
  return active.paused || active.callerOfAnotherRun() ? deadRun() : active;
}

let dead: Runtime | undefined;

/** A run that has ended: `go` there starts nothing, every operation returns a promise that never settles. */
function deadRun(): Runtime {
  if (dead === undefined) {
    dead = new Runtime({
      seed: 0, scheduler: { choose: () => 0 }, monitors: [], maxSteps: 0, locations: false, leaks: false,
      replay: undefined, ignoreLeaks: [], timerWindowMs: 0,
    });
    dead.ended = true;
  }
  return dead;
}

/**
 * The running goroutine of the run in progress observed that nothing happened
 * yet (a failed `tryLock`, `ctx.err()` still undefined, ...): its next scheduling
 * point is a yield without progress (see fairness.ts). A no-op outside a run.
 *
 * @example
 * ```ts
 * if (this.locked) { notePoll(); return false; }
 * ```
 */
export function notePoll(): void {
  const g = active?.current;
  if (g !== undefined) g.fair = POLLED;
}

/** `time.Sleep` inside a run: a timer on the virtual clock wakes the goroutine. */
const SLEEP: Op = {
  kind: 'sleep',
  object: 0,
  perform(g: G): boolean {
    const ms = g.arg as number;
    if (!(ms > 0)) {
      g.result = undefined;
      return true;
    }
    // Ops are performed only while their run is the active one.
    const rt = active!;
    rt.addTimer(rt.nowMs + ms, () => rt.wake(g));
    return rt.park(g, 'sleep', undefined);
  },
};

export interface RuntimeConfig {
  seed: number | string;
  scheduler: Scheduler;
  monitors: Monitor[];
  maxSteps: number;
  locations: boolean;
  leaks: boolean;
  replay: string | undefined;
  ignoreLeaks: readonly string[];
  /** A timer due less than this many ms ahead may fire while goroutines are runnable (a `timer` decision); 0: never. */
  timerWindowMs: number;
  /** Steps before which to make a stuck check whoever asks (the located re-run of a run that made them). */
  stuckChecksAt?: readonly number[];
  /** With locations on: capture only at these scheduling points (and locks'), the plan of the run this one replays (site-plan.ts). */
  sitePlan?: SitePlan;
  /** With locations on: from the start of this step, note where the running goroutine creates promises (the step a plain run stalled in; await-site.ts). */
  watchAwaitsFrom?: number;
  /**
   * Follow plain promises (async-context.ts): from the first time the running goroutine
   * awaits a promise the runtime does not settle, with no real work pending, it is parked
   * `[promise]` and goes on when a job of its code runs. Off: such an await ends the run with the
   * foreign-await finding, marked ({@link needsTracking}) for run.ts to make the run again tracked.
   */
  tracked?: boolean;
}

/** Results of untracked runs that awaited a plain promise: run.ts runs the program again, tracked. */
const untrackedStalls = new WeakSet<RunResult>();

/**
 * Whether `result`'s run ended because it awaited a plain promise while untracked
 * (see `RuntimeConfig.tracked`): a tracked run of the same decisions would have gone on.
 *
 * @example
 * ```ts
 * if (needsTracking(result)) result = await new Runtime({ ...config, tracked: true }).start(program);
 * ```
 */
export function needsTracking(result: RunResult): boolean {
  return untrackedStalls.has(result);
}

/** Goroutines of tracked runs (a job of an earlier run's goroutine switches nothing in this one). */
const trackedGoroutines = new WeakMap<G, Runtime>();

/** What a promise job's goroutine synchronizes on (following runs): a pseudo-object per run, never shown. */
const PROMISE_JOB = 'promise job';

/** Ops whose location a detector may keep past their step (lock-order edges, a WaitGroup's waits): always captured. */
const KEEPS_SITE: ReadonlySet<string> = new Set(['mutex.lock', 'rwmutex.lock', 'rwmutex.rlock', 'waitgroup.wait']);

/** The location requests of the plain run in progress (runs never overlap). */
const requests = new SiteRequests();

/** The steps at which each run made its stuck checks (read by `run` for the located re-run). */
const stuckCheckSteps = new WeakMap<RunResult, readonly number[]>();

/** Which monitor made each monitor finding of a run. */
const findingOrigins = new WeakMap<RunResult, ReadonlyMap<Finding, Monitor>>();

/**
 * The monitor that made each of `result`'s findings (none for the runtime's own).
 *
 * @example
 * ```ts
 * const mine = first.findings.filter((f) => findingOriginsOf(first).get(f) === myMonitor);
 * ```
 */
export function findingOriginsOf(result: RunResult): ReadonlyMap<Finding, Monitor> {
  return findingOrigins.get(result) ?? NO_ORIGINS;
}

const NO_ORIGINS: ReadonlyMap<Finding, Monitor> = new Map();

/**
 * The steps before which `result`'s run made stuck checks (see `RunControl`), so
 * that a replay can make them at the same points whatever its monitors.
 *
 * @example
 * ```ts
 * const again = new Runtime({ ...config, replay: first.schedule, stuckChecksAt: stuckChecksOf(first) });
 * ```
 */
export function stuckChecksOf(result: RunResult): readonly number[] {
  return stuckCheckSteps.get(result) ?? [];
}

export class Runtime implements Kernel, RunControl, ContextTarget<G> {
  current: G | undefined = undefined;
  nowMs = 0;
  steps = 0;
  readonly mon: MonitorHub | undefined;
  readonly locations: boolean;
  private readonly scheduler: Scheduler;
  private readonly maxSteps: number;

  private readonly all: (G | undefined)[] = [];
  private nextG = 1;
  private nextObject = 1;
  private readonly runq = new RunQueue(this.all);
  private readonly fair = new Fairness();
  /** The goroutines offered to the decision being taken when the fairness rule left some out. */
  private offered: G[] | undefined = undefined;
  /** The step at which a `timer` decision last offered to fire a timer early (at most one a step). */
  private earlyAskedAt = -1;
  private readonly timers = new TimerHeap();
  /** A goroutine op is being performed (inside the scheduling loop): a `go()` there is not a decision. */
  private performing = false;
  /** The child running its first segment inside `go()` right now. */
  private nested: G | undefined = undefined;
  /** A child whose first segment, started inside `go()`, awaits something else: it runs on when the spawner stops. */
  private detached: G | undefined = undefined;
  private timerSeq = 0;
  private idleTimers = 0;
  private readonly recorder = new DecisionRecorder();
  private readonly replay: ReplaySource | undefined;
  private readonly decision: DecisionView;
  /** The goroutines of the last RECENT steps, for the step-limit report (located runs only). */
  private readonly recent: Int32Array | undefined;
  /** Plain runs: the location requests of recent steps, for the plan of a failing run (site-plan.ts). */
  private readonly requests: SiteRequests | undefined;
  /** Located runs with a plan: the scheduling points to capture at. */
  private readonly planned: PlanCursor | undefined;
  /** Located runs with a plan: the last step count at which an event asked for a location not captured. */
  private lastMiss = -1;
  /** The last scheduling points of the goroutines live at the last stuck check (plain runs), or whether one lacked its location (planned runs). */
  private stuckPoints: number[] = [];
  private stuckMissing = false;
  private draining = false;
  /** The goroutine inside `suspend` right now, and whether the scheduler chose it again at once. */
  private suspending: G | undefined = undefined;
  // Shared by all goroutines of the run (bound once, no closure per goroutine).
  private readonly startBody: (g: G) => void;
  /**
   * A goroutine whose operation chose another goroutine goes on running its code
   * synchronously until its next `await`: a missing await. Until the microtask that
   * hands over (`endHandoff`), every call into the runtime is its call, not the
   * chosen one's (which cannot run before that microtask), and `current` is it.
   */
  private handoff: G | undefined = undefined;
  /** Who runs once the handoff ends (undefined: nobody, the run is paused). */
  private handoffTo: G | undefined = undefined;
  private handoffQueued = false;
  private readonly endHandoff: () => void;
  private resumedSelf = false;
  private drainUntil = 0;
  private mainEndedAt = 0;
  /** The step count when main returned: a finding made at a later step was made in the drain. */
  private mainEndedStep = Infinity;
  ended = false;
  /** A monitor asked for a stuck check before the next step (see `checkStuck`). */
  private stuckWanted = false;
  private stuckChecks = 0;
  /** Steps at which this run made its stuck checks. */
  private readonly checkedAt: number[] = [];
  /** The step a located re-run starts noting where promises are made in (-1: never; see await-site.ts). */
  private readonly watchAwaitsFrom: number;
  private awaitWatch: AwaitWatch<G> | undefined = undefined;
  /** The step count when the run stalled on a foreign promise (-1: it did not). */
  private stalledIn = -1;
  /** Index into `config.stuckChecksAt` of the next planned check, and its step (-1: none). */
  private plannedCheck = 0;
  private nextPlannedCheck: number;
  /** Stopped for a stuck check: the microtask queue is empty on purpose. */
  paused = false;
  /** Tracked runs: past the first await of a plain promise, a run that follows promises (see `RuntimeConfig.tracked`). */
  private following = false;
  /** Following: goroutines parked `[promise]`, awaiting a promise the runtime does not settle. */
  private readonly awaiting = new Set<G>();
  /** Following: goroutines made for jobs of a goroutine that was not free to run them (see `switchTo`). */
  private readonly forks = new Set<G>();
  /** Following: the step count when the microtask queue last ran dry (a decision waits for it, see `loop`). */
  private settledAt = -1;
  /** The goroutine of the last step (following: a promise job's goroutine is ordered after it, see `wakeFromPromise`). */
  private lastStepG = 0;
  private stopTracking: (() => void) | undefined = undefined;
  private stalledUntracked = false;
  /** Nothing was runnable with goroutines live: the run looked once for promise jobs still queued (see `nothingRunnable`). */
  private lookedForJobs = false;
  private waitingForJobs = false;
  /** Goroutines a stuck check proved stuck (collected; only their descriptions remain). */
  private stuck: BlockedGoroutine[] = [];
  /** In the microtask queue while the run is in progress: it sees the run stall on the outside world (quiescence.ts). */
  /** Timer callbacks not started yet: chosen, each starts at the next drain of the microtask queue (see `resume`). */
  private readonly callbacks = new Set<G>();
  /** The host's pending requests and handles when the run started: a stall's report names what the run added (quiescence.ts). */
  private hostWork: readonly string[] = [];
  private done!: (r: RunResult) => void;
  private fail!: (e: unknown) => void;

  constructor(private readonly config: RuntimeConfig) {
    this.locations = config.locations;
    this.nextPlannedCheck = config.stuckChecksAt?.[0] ?? -1;
    this.scheduler = config.scheduler;
    this.maxSteps = config.maxSteps;
    this.decision = new DecisionView(this.runq, this);
    this.recent = config.locations ? new Int32Array(RECENT) : undefined;
    this.requests = config.locations ? undefined : requests;
    this.planned = config.locations && config.sitePlan !== undefined ? new PlanCursor(config.sitePlan) : undefined;
    // A located run that follows promises names every await a goroutine parks on.
    this.watchAwaitsFrom = config.locations ? (config.tracked === true ? 0 : (config.watchAwaitsFrom ?? -1)) : -1;
    this.startBody = this.body.bind(this);
    // Per step: inline, not a call of endHandoffNow (the cold paths' copy).
    this.endHandoff = (): void => {
      this.handoffQueued = false;
      if (this.handoff === undefined) return;
      this.current = this.handoffTo;
      this.handoff = this.handoffTo = undefined;
    };
    this.mon = config.monitors.length ? new MonitorHub(config.monitors) : undefined;
    this.replay = config.replay !== undefined ? new ReplaySource(config.replay, replayBound(config.maxSteps)) : undefined;
  }

  /** Runs `program` as goroutine 1 to the end. Precondition: no other run is active. */
  start(program: () => unknown): Promise<RunResult> {
    if (active) {
      throw new UsageError('run() called while another run is in progress in this process; runs cannot overlap (await each run, and do not use test.concurrent)');
    }
    // The ambient runtime that go(), chan(), ... find: one run at a time per process.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    active = this;
    enterRun(this);
    this.requests?.reset();
    const result = new Promise<RunResult>((resolve, reject) => {
      this.done = resolve;
      this.fail = reject;
    });
    const info: RunInfo = { seed: this.config.seed, locations: this.locations };
    this.config.scheduler.startRun?.(info);
    this.mon?.runStart(info, this);
    // On from the start (turning promise hooks on costs more than a step), noting only from the stall step.
    if (this.watchAwaitsFrom >= 0) {
      this.awaitWatch = new AwaitWatch(() => (active === this && !this.paused && this.steps >= this.watchAwaitsFrom ? this.current : undefined));
    }
    installVirtualGlobals(this);
    if (this.config.tracked === true) {
      this.stopTracking = track<G>(this);
      sentinel.countWith(promiseEvents);
    }
    this.hostWork = process.getActiveResourcesInfo();
    this.spawn(program, 'main');
    sentinel.arm();
    this.schedule(0);
    return result;
  }

  /** A fresh id for a runtime object; ids are deterministic within a run. */
  newObjectId(): number {
    return this.nextObject++;
  }

  /** {@link RunControl.checkStuck}: a monitor suspects goroutines stuck for good. */
  checkStuck(): void {
    if (this.stuckChecks < MAX_STUCK_CHECKS && !this.ended && fullGc() !== undefined) this.stuckWanted = true;
  }

  // ---- goroutines ----------------------------------------------------------

  spawn(fn: () => unknown, name?: string, onExit?: ExitHook): number {
    return this.create(fn, name, onExit, this.current?.id ?? 0, undefined);
  }

  /**
   * Starts a timer callback (`setTimeout`, ...; virtual-globals.ts) as a goroutine, as
   * Go's `AfterFunc` does: created by `parent` at `site` (where the timer was armed).
   * Called between steps (a timer firing): never a spawn-order decision. Its body
   * starts, when it is chosen, only once the microtask queue is empty (a macrotask).
   */
  spawnCallback(fn: () => unknown, name: string, parent: number, site: SourceLocation | undefined): number {
    const id = this.create(fn, name, undefined, parent, site);
    const g = this.all[id];
    if (g !== undefined) this.callbacks.add(g);
    return id;
  }

  private create(fn: () => unknown, name: string | undefined, onExit: ExitHook | undefined, parent: number, site: SourceLocation | undefined): number {
    if (this.ended) return 0;
    const g = new G(this.nextG++, name, parent, START, fn);
    g.onExit = onExit;
    this.all[g.id] = g;
    if (this.stopTracking !== undefined) trackedGoroutines.set(g, this);
    this.fair.runnable(g);
    this.runq.add(g);
    // No report shows where main was created: a planned run does not capture it.
    if (this.locations && (this.planned === undefined || g.id !== 1)) g.createdAt = site ?? captureSite();
    this.mon?.spawn({ parent, child: g.id, name, site: g.createdAt });
    const spawner = this.current;
    if (spawner !== undefined && !this.performing && this.nested === undefined && this.detached === undefined && !this.ended) {
      this.spawnOrder(spawner, g);
    }
    return g.id;
  }

  /**
   * Go lets a new goroutine run before its spawner goes on: a `goroutine` decision
   * between the two (0: the spawner continues, 1: the child runs to its first
   * scheduling point first). The spawner's rest of the segment is a step of its own.
   */
  private spawnOrder(spawner: G, child: G): void {
    spawner.op = GO;
    this.offered = [spawner, child];
    let choice: number;
    try {
      choice = this.decide('goroutine', 2, spawner.id);
    } catch (e) {
      if (e instanceof ReplayMismatch) this.finish([report.nondeterminism(e.message)]);
      else this.abort(e);
      return;
    } finally {
      this.offered = undefined;
    }
    if (choice === 1) this.startNested(spawner, child);
    if (this.ended) return;
    if (this.locations) {
      // As at any scheduling point: a planned run captures only where its report looks.
      if (this.planned === undefined || this.planned.has(this.steps)) spawner.site = captureSite();
      else spawner.forgetSite();
    }
    spawner.accesses = 0;
    this.stepEvent(spawner, GO);
  }

  /** Runs `child`'s first segment inside the spawner's `go()` (see `spawnOrder`). */
  private startNested(spawner: G, child: G): void {
    this.runq.remove(child);
    this.fair.picked(child);
    this.stepEvent(child, START);
    const fn = takeBody(child);
    child.state = RUNNING;
    this.current = child;
    this.nested = child;
    const tracked = this.stopTracking !== undefined;
    if (tracked) enter(child);
    let r: unknown;
    try {
      r = fn();
    } catch (e) {
      this.nested = undefined;
      // Its exit hook is its own call, made before the spawner goes on.
      const hooked = this.runExitHook(child);
      this.current = spawner;
      if (hooked) this.crash(child, e);
      return;
    } finally {
      this.nested = undefined;
      if (tracked) enter(spawner);
    }
    // A body that ended synchronously: its exit hook is its own call too.
    const hooked = isPromiseLike(r) || this.runExitHook(child);
    // An ended run has no running goroutine: late calls of the spawner's code are nobody's.
    this.current = this.ended ? undefined : spawner;
    if (isPromiseLike(r)) {
      // Not the shared handlers: when it settles, the spawner may be the one running.
      // A child that returns with an operation pending did not await it.
      if (tracked) enter(child); // its return is a job of its code
      r.then(
        () => (child.state === RUNNING && child.resolve === undefined ? this.returned(child) : void this.missingAwait(child, 'returned')),
        (e: unknown) => this.threw(child, e),
      );
      if (tracked) enter(spawner);
    } else if (hooked) {
      this.exit(child);
    }
    if (child.state === RUNNING) this.detached = child;
  }

  /** Opens a step of `g` performing `op` (monitors, the step-limit ring, the count). */
  private stepEvent(g: G, op: Op): void {
    if (this.recent) this.recent[this.steps & (RECENT - 1)] = g.id;
    this.lastStepG = g.id;
    if (this.mon) {
      // Monitors see ops without their owners (see `RuntimeObject.info`).
      const view = op instanceof MethodOp ? op.view : op;
      this.mon.step(this.steps, g.id, view, g.site ?? (op === START ? g.createdAt : undefined));
    }
    this.steps++;
  }

  /**
   * The running goroutine stopped (reached a scheduling point or returned) while a
   * detached child still runs its first segment: the child is the running one now.
   */
  private handOver(): boolean {
    const d = this.detached;
    if (d === undefined) return false;
    this.detached = undefined;
    // Not a step of its own: it is the rest of the child's first step (its events, if any, come late).
    this.current = d;
    return true;
  }

  /**
   * Called by the running goroutine at a scheduling point: `op` is performed when
   * the scheduler chooses it. Resolves with `g.result` or rejects with `g.error`.
   */
  suspend<T>(op: Op, arg?: unknown): Promise<T> {
    const g = this.current;
    if (!g || this.ended || active !== this) return NEVER;
    if (this.handoff !== undefined || g.resolve) return this.missingAwait(g, 'started an interleave operation');
    g.op = op;
    g.arg = arg;
    g.accesses = 0;
    g.suspendedAt = this.steps;
    if (this.locations) {
      if (this.planned === undefined || this.planned.has(this.steps) || KEEPS_SITE.has(op.kind)) g.site = captureSite();
      else g.forgetSite();
    }
    this.current = undefined;
    g.state = RUNNABLE;
    this.fair.reached(g);
    if (this.mon !== undefined && (g.fair === YIELDED || g.fair === SPUN)) this.mon.yielded(g.id);
    this.runq.add(g);
    const nested = g === this.nested;
    if (nested || this.handOver()) {
      // A nested child returns to its spawner's `go()`; a spawner hands over to its detached child.
      const parked = pendingFor<T>(g);
      // A nested child's code runs on until `go()` returns (synchronously): it is still g's.
      // A detached child's continuation may be queued already: it is the running one now.
      if (nested) this.current = g;
      return parked;
    }
    this.suspending = g;
    this.resumedSelf = false;
    this.schedule(g.id);
    this.suspending = undefined;
    if (this.resumedSelf) {
      // Chosen again at once: no need for resolvers, hand back a settled promise.
      if (g.failed) return Promise.reject(this.takeError(g));
      const r = this.takeResult(g);
      return (r === undefined ? SETTLED : Promise.resolve(r)) as Promise<T>;
    }
    const pending = pendingFor<T>(g);
    // Another goroutine was chosen: until the handoff, the code that runs is still g's.
    if (!this.ended) this.beginHandoff(g);
    return pending;
  }

  /** The handoff is over (its microtask ran, or a job of other code did): the chosen goroutine is the running one. */
  private endHandoffNow(): void {
    if (this.handoff === undefined) return;
    this.current = this.handoffTo;
    this.handoff = this.handoffTo = undefined;
  }

  /** `g` suspended and `this.current` was chosen: `g`'s code runs on until `endHandoff`. */
  private beginHandoff(g: G): void {
    this.handoff = g;
    this.handoffTo = this.current;
    this.current = g;
    if (!this.handoffQueued) {
      this.handoffQueued = true;
      // The runtime's own job: when tracked, nobody's code (async-context.ts).
      if (this.stopTracking === undefined) void SETTLED.then(this.endHandoff);
      else this.queueEndHandoffUntagged();
    }
  }

  /**
   * Tracked runs' copy of the handoff's queueing, as nobody's job. Hot paths keep their
   * closures in methods of their own like this one: a closure in the hot method itself
   * makes V8 allocate its context at every call, taken branch or not.
   */
  private queueEndHandoffUntagged(): void {
    untagged(() => void SETTLED.then(this.endHandoff));
  }

  /**
   * `g`'s code called into the runtime while one of its operations was pending (it
   * did not await it): the run ends with a panic of `g` naming both operations.
   */
  private missingAwait(g: G, what: string): Promise<never> {
    this.finish([report.missingAwait(g, what, this.locations ? captureSite() : undefined)]);
    return NEVER;
  }

  /** Parks `g` (inside an op's `perform`). Returns false, what `perform` returns when it parks. */
  park(g: G, reason: WaitReason, on: ObjectInfo | readonly ObjectInfo[] | undefined): false {
    g.state = BLOCKED;
    g.fair = 0;
    g.waitReason = reason;
    g.waitOn = on;
    this.fair.progress();
    const site = this.siteOf(g);
    if (this.mon) {
      const objects = on === undefined ? [] : Array.isArray(on) ? (on as readonly ObjectInfo[]) : [on as ObjectInfo];
      this.mon.block({ goroutine: g.id, reason, objects, site });
    }
    return false;
  }

  /**
   * Where `g` last reached a scheduling point, for an event that shows it during
   * this step (a block, an atomic access). Plain runs note the request for the
   * plan of a failing run; planned runs note a request they did not capture for.
   */
  siteOf(g: G): SourceLocation | undefined {
    if (this.requests !== undefined) this.requests.note(this.steps, g.suspendedAt);
    else if (this.planned !== undefined && !g.siteCurrent) this.lastMiss = this.steps;
    return g.site;
  }

  /** Makes a parked goroutine runnable; when chosen it resumes with `result`. */
  wake(g: G, result?: unknown): void {
    this.makeRunnable(g, RESUME);
    g.result = result;
  }

  /** Makes a parked goroutine runnable; when chosen it throws `error` (a panic). */
  wakeWithError(g: G, error: unknown): void {
    this.makeRunnable(g, RESUME);
    g.failed = true;
    g.error = error;
  }

  private makeRunnable(g: G, op: Op): void {
    if (g.state !== BLOCKED) throw new Error(`interleave internal error: waking goroutine ${g.id} in state ${g.state}`);
    g.state = RUNNABLE;
    g.op = op;
    g.waitReason = undefined;
    g.waitOn = undefined;
    this.fair.runnable(g);
    this.runq.add(g);
    this.mon?.wake(g.id, this.current?.id ?? 0);
  }

  gosched(): Promise<void> {
    return this.suspend(GOSCHED);
  }

  /** {@link Kernel.fatal}: the run ends with the finding before the throw, so a `catch` in the program changes nothing. */
  fatal(message: string): never {
    const g = this.current;
    if (g && this.locations) g.site = captureSite();
    this.finish([report.fatal(g, message)]);
    throw new FatalError(message);
  }

  /** `time.Sleep`: parks the running goroutine for `ms` of virtual time (a scheduling point even when `ms <= 0`). */
  sleep(ms: number): Promise<void> {
    return this.suspend(SLEEP, ms);
  }

  /** Counts a `Shared` access by the running goroutine; aborts a spin that never yields. */
  countAccess(g: G): void {
    if (++g.accesses > MAX_ACCESSES_PER_STEP) {
      throw new RunAborted(
        `goroutine ${g.id} made ${MAX_ACCESSES_PER_STEP.toLocaleString('en-US')} Shared accesses without reaching a scheduling point: a spin loop? Wait on a channel, a lock or a Cond instead, or add \`await gosched()\` to the loop`,
      );
    }
  }

  // ---- decisions -----------------------------------------------------------

  /** Asks the scheduler (or the replay token) to choose among `options` >= 2 alternatives. */
  decide(kind: DecisionKind, options: number, cur: number): number {
    const index = this.recorder.count;
    let choice: number;
    if (this.replay) {
      choice = this.replayChoice(this.replay, kind, options, index);
    } else {
      const d = this.decision;
      d.set(kind, options, this.steps, index, cur);
      choice = this.scheduler.choose(d);
      d.release();
      if (!Number.isInteger(choice) || choice < 0 || choice >= options) {
        throw new UsageError(`scheduler answered ${choice} to a ${kind} decision with ${options} options`);
      }
    }
    this.recorder.record(KIND_CODE[kind], options, choice);
    return choice;
  }

  /** The replay token's choice for decision `index` (a method of its own: see `queueEndHandoffUntagged`). */
  private replayChoice(replay: ReplaySource, kind: DecisionKind, options: number, index: number): number {
    return replay.next(kind, options, index, this.steps, () => this.describeOptions(kind, options));
  }

  private describeOptions(kind: DecisionKind, options: number): string {
    if (kind !== 'goroutine') return `${options} ${kind} options`;
    return `${options} runnable goroutines (${(this.offered ?? this.runq.toArray()).map((g) => g.id).join(', ')})`;
  }

  /** The goroutines the fairness rule offers, when it leaves some out (fairness.ts); read by the decision. */
  get offeredGoroutines(): G[] | undefined {
    return this.offered;
  }

  // ---- the scheduling loop -------------------------------------------------

  /**
   * Chooses and starts the next goroutine. `cur` is the goroutine that just reached
   * a scheduling point (0 if none): choosing another one while it is runnable is a
   * preemption. Precondition: no goroutine is RUNNING.
   */
  private schedule(cur: number): void {
    // Tracked: the promises the scheduler makes (a goroutine's resumption) are nobody's (async-context.ts).
    if (this.stopTracking !== undefined) this.scheduleUntagged(cur);
    else this.scheduleNow(cur);
  }

  /** `schedule` in a tracked run (a method of its own: see `queueEndHandoffUntagged`). */
  private scheduleUntagged(cur: number): void {
    untagged(() => this.scheduleNow(cur));
  }

  /** `schedule`'s loop with its errors turned into the run's end. */
  private scheduleNow(cur: number): void {
    try {
      this.loop(cur);
    } catch (e) {
      if (e instanceof ReplayMismatch) this.finish([report.nondeterminism(e.message)]);
      else this.abort(e);
    }
  }

  private loop(cur: number): void {
    const runq = this.runq;
    while (!this.ended) {
      const planned = this.nextPlannedCheck === this.steps;
      if (planned) this.nextPlannedCheck = this.config.stuckChecksAt?.[++this.plannedCheck] ?? -1;
      if (this.stuckWanted || planned) {
        this.stuckWanted = false;
        // With nothing runnable and no timer, the run is stuck as a whole: Go's deadlock, below.
        if (runq.size > 0 || this.timers.peek() !== undefined) {
          this.pauseForStuckCheck(cur);
          return;
        }
      }
      // Following promises: the jobs the last step queued run before the next decision, as
      // the microtask queue runs dry before Node's next callback; the sentinel calls `settle`.
      if (this.following && this.settledAt !== this.steps) {
        sentinel.arm();
        return;
      }
      const n = runq.size;
      if (n === 0) {
        if (this.fireTimers()) continue;
        this.nothingRunnable();
        return;
      }
      if (this.fair.idle === n) {
        // Every runnable goroutine polls without progress: as good as blocked.
        if (this.fireTimers()) continue;
        if (this.fair.polls >= MAX_IDLE_POLLS) {
          this.pollingForever();
          return;
        }
      }
      if (this.steps >= this.maxSteps) {
        this.stepLimitReached();
        return;
      }
      if (this.draining && this.steps >= this.drainUntil) {
        this.finishMainReturned();
        return;
      }
      if (this.timers.size !== 0 && this.earlyAskedAt !== this.steps && this.fair.idle !== n && this.timerWithinWindow()) {
        // A running goroutine takes time: a timer due within the window may fire first.
        this.earlyAskedAt = this.steps;
        if (this.decide('timer', 2, cur) === 1) {
          this.fireDue();
          continue;
        }
      }
      const g = n === 1 ? runq.at(0) : this.fair.yielders === 0 ? runq.at(this.decide('goroutine', n, cur)) : this.chooseFairly(cur);
      runq.remove(g);
      this.fair.picked(g);
      this.stepEvent(g, g.op);
      g.state = RUNNING;
      this.current = g;
      this.performing = true;
      const completed = g.op.perform(g);
      this.performing = false;
      if (completed) {
        this.resume(g);
        return;
      }
      this.current = undefined;
      cur = 0;
    }
  }

  /** The run took `maxSteps` steps (a method of its own: see `queueEndHandoffUntagged`). */
  private stepLimitReached(): void {
    this.finish([report.stepLimit(this.maxSteps, this.recent ?? new Int32Array(0), this.steps, (id) => this.all[id])]);
  }

  /** A goroutine decision among the goroutines the fairness rule offers (fairness.ts). */
  private chooseFairly(cur: number): G {
    const offered = this.fair.offered(this.runq);
    if (offered.length === 1) return offered[0]!;
    this.offered = offered;
    try {
      return offered[this.decide('goroutine', offered.length, cur)]!;
    } finally {
      this.offered = undefined;
    }
  }

  private resume(g: G): void {
    if (g === this.suspending) {
      this.resumedSelf = true;
      return;
    }
    if (this.suspending !== undefined && !this.handoffQueued) {
      // Before g's continuation: the suspending goroutine's code may run on until then.
      this.handoffQueued = true;
      void SETTLED.then(this.endHandoff);
    }
    const resolve = g.resolve;
    if (resolve === undefined) {
      if (this.callbacks.size !== 0 && this.callbacks.delete(g)) {
        this.startCallback(g);
        return;
      }
      void Promise.resolve(g).then(this.startBody);
      return;
    }
    g.resolve = undefined;
    resolve(g.failed ? Promise.reject(this.takeError(g)) : this.takeResult(g));
  }

  /** A timer callback is a macrotask: it starts once the microtask queue is empty, as in Node (a method of its own: see `queueEndHandoffUntagged`). */
  private startCallback(g: G): void {
    void SETTLED.then(() => realNextTick(this.startBody, g));
  }

  private takeResult(g: G): unknown {
    const r = g.result;
    g.result = undefined;
    return r;
  }

  private takeError(g: G): unknown {
    const e = g.error;
    g.failed = false;
    if (typeof e === 'object' && e !== null) report.deliveredPanics.add(e);
    return e;
  }

  private body(g: G): void {
    if (this.ended) return;
    const fn = takeBody(g);
    if (this.stopTracking !== undefined) enter(g);
    let r: unknown;
    try {
      r = fn();
    } catch (e) {
      this.threw(g, e);
      return;
    }
    if (isPromiseLike(r)) {
      r.then(() => this.onBodyReturned(g), (e: unknown) => this.threw(g, e));
    } else {
      this.returned(g);
    }
  }

  // When a body settles, its goroutine is the one running: nothing is scheduled
  // between a goroutine's last step and its return, unless it left an operation
  // pending (a missing await).
  private onBodyReturned(g: G): void {
    if (this.ended) return;
    if (g !== this.current || g.state !== RUNNING) this.missingAwait(g, 'returned');
    else this.returned(g);
  }

  /** `g`'s body returned: its exit hook (`WaitGroup.go`'s done) runs as the body's `finally`, then it exits. */
  private returned(g: G): void {
    if (this.runExitHook(g)) this.exit(g);
  }

  /** `g`'s body threw `e`: its exit hook runs first (a panic there replaces `e`, as in a `finally`). */
  private threw(g: G, e: unknown): void {
    if (this.runExitHook(g)) this.crash(g, e);
  }

  /** Calls and clears `g`'s exit hook; false when it threw (the run then ended with that panic). */
  private runExitHook(g: G): boolean {
    const hook = g.onExit;
    if (hook === undefined) return true;
    g.onExit = undefined;
    try {
      hook.done();
    } catch (e) {
      this.crash(g, e);
      return false;
    }
    return true;
  }

  private exit(g: G): void {
    if (this.ended) return;
    g.state = DONE;
    this.all[g.id] = undefined;
    this.fair.progress();
    this.mon?.exit(g.id);
    if (this.detached === g) this.detached = undefined;
    if (this.current === g) this.current = undefined;
    else if (this.current !== undefined) return; // a nested or detached child: the running spawner goes on
    if (g.id === 1) {
      this.mainEndedAt = this.nowMs;
      this.mainEndedStep = this.steps;
      if (!this.config.leaks) {
        this.finish([]);
        return;
      }
      this.draining = true;
      this.drainUntil = this.steps + DRAIN_STEPS;
    }
    if (this.handOver()) return;
    this.schedule(0);
  }

  private crash(g: G, e: unknown): void {
    if (this.ended) return;
    if (isInstance(e, RunAborted)) {
      this.finish([report.spin(g, e.message)]);
      return;
    }
    this.finish([report.panic(g, e)]);
  }

  // ---- stuck checks (see stuck-check.ts) -----------------------------------------

  /**
   * Lets go of every parked goroutine and stops until a later macrotask, which
   * collects garbage and either ends the run with the goroutines that were
   * collected or goes on exactly where it stopped. Precondition: between steps.
   */
  private pauseForStuckCheck(cur: number): void {
    this.stuckChecks++;
    this.checkedAt.push(this.steps);
    this.paused = true;
    this.noteStuckPoints();
    const probes = detachParked(this.all, blockedView);
    realSetImmediate(() => this.resumeAfterStuckCheck(probes, cur));
  }

  /** Before a stuck check: the goroutines it may prove stuck are the live ones, whose reports show their last scheduling points. */
  private noteStuckPoints(): void {
    if (this.requests !== undefined) this.stuckPoints = this.liveGoroutines().map((g) => g.suspendedAt);
    else if (this.planned !== undefined) this.stuckMissing = this.liveGoroutines().some((g) => !g.siteCurrent);
  }

  private resumeAfterStuckCheck(probes: readonly StuckProbe[], cur: number): void {
    this.paused = false;
    if (this.ended) return;
    const stuck = settle(this.all, probes, fullGc()!);
    if (this.stopTracking !== undefined) enter(undefined); // a macrotask: nobody's code
    sentinel.arm();
    if (stuck.length > 0) {
      this.stuck = stuck;
      this.finish([report.partialDeadlock(stuck, this.liveGoroutines().map((g) => g.id))]);
      return;
    }
    this.schedule(cur);
  }

  // ---- virtual time ----------------------------------------------------------

  /** Schedules `fire` at virtual time `when` (>= now). */
  addTimer(when: number, fire: () => void): TimerEntry {
    const t: TimerEntry = { when: Math.max(when, this.nowMs), seq: this.timerSeq++, index: -1, fire };
    this.timers.push(t);
    return t;
  }

  deleteTimer(t: TimerEntry): boolean {
    return this.timers.delete(t);
  }

  /**
   * Advances virtual time to the earliest timer and fires every timer due then, in
   * an order the scheduler chooses. Returns false when no timer is pending.
   */
  private fireTimers(): boolean {
    if (!this.timerMayFire()) return false;
    if (++this.idleTimers > MAX_IDLE_TIMERS) return false;
    this.fireDue();
    if (this.runq.size) this.idleTimers = 0;
    return true;
  }

  /** Whether the earliest timer is due less than the window ahead (it may fire while goroutines run). */
  private timerWithinWindow(): boolean {
    const first = this.timers.peek();
    return first !== undefined && first.when - this.nowMs < this.config.timerWindowMs && this.timerMayFire();
  }

  /** Whether a timer is pending that may fire: after main returned, only one due within the drain window. */
  private timerMayFire(): boolean {
    const first = this.timers.peek();
    return first !== undefined && (!this.draining || first.when <= this.mainEndedAt + DRAIN_WINDOW_MS);
  }

  /** Moves the clock to the earliest timer and fires every timer due then. Precondition: a timer is pending. */
  private fireDue(): void {
    const when = this.timers.peek()!.when;
    this.nowMs = when;
    this.fair.progress();
    const due: TimerEntry[] = [];
    while (this.timers.peek()?.when === when) due.push(this.timers.pop()!);
    while (due.length) {
      const i = due.length > 1 ? this.decide('timer', due.length, 0) : 0;
      const [t] = due.splice(i, 1);
      t!.fire();
    }
    // A timer may have settled a promise (`latency`): its jobs run before the next decision.
    if (this.following) this.settledAt = -1;
  }

  // ---- the end -------------------------------------------------------------

  private nothingRunnable(): void {
    if (this.awaiting.size !== 0 && this.finishedOnRealWork()) return;
    if (!this.following && !this.lookedForJobs && this.anyLive()) {
      // Goroutines wait and nothing can run, unless a promise job of the program's is still
      // queued (a `.then` callback that will send): only the queue running dry tells.
      this.lookedForJobs = true;
      if (this.stopTracking !== undefined) {
        // Tracked: from here the run follows promises, so the jobs run as their goroutines' code.
        this.following = true;
      } else {
        this.waitingForJobs = true;
        sentinel.watchJobs();
      }
      sentinel.arm();
      return;
    }
    if (this.draining) {
      this.finishMainReturned();
      return;
    }
    this.finish([report.deadlock(this.liveGoroutines(), this.idleTimers > MAX_IDLE_TIMERS)]);
  }

  /**
   * Every runnable goroutine kept polling without progress and no timer can change
   * what they poll: with goroutines blocked, they wait on them (a deadlock behind
   * pollers); with none, the pollers wait on one another (a livelock).
   */
  private pollingForever(): void {
    const live = this.liveGoroutines();
    const pollers = this.runq.toArray();
    if (this.draining) {
      this.finishMainReturned();
      return;
    }
    if (live.length > pollers.length) this.finish([report.deadlockBehindPollers(live, pollers, MAX_IDLE_POLLS)]);
    else this.finish([report.livelock(pollers, MAX_IDLE_POLLS)]);
  }

  private finishMainReturned(): void {
    const leaked = this.liveGoroutines().filter((g) => !this.ignoredLeak(g));
    const timersLeft = this.timers.peek() !== undefined;
    this.finish(leaked.length ? [report.leak(leaked, DRAIN_STEPS, timersLeft ? DRAIN_WINDOW_MS : undefined)] : [], this.mainEndedAt);
  }

  private ignoredLeak(g: G): boolean {
    return this.config.ignoreLeaks.some(
      (p) => g.name === p || (g.name?.includes(p) ?? false) || (g.createdAt ? `${g.createdAt.file}:${g.createdAt.line}`.includes(p) : false),
    );
  }

  private anyLive(): boolean {
    for (const g of this.all) if (g && g.state !== DONE) return true;
    return false;
  }

  private liveGoroutines(): G[] {
    const out: G[] = [];
    for (const g of this.all) if (g && g.state !== DONE) out.push(g);
    // A promise job's goroutine that awaits a promise has, as far as anyone can tell, ended.
    return this.forks.size === 0 ? out : out.filter((g) => !(this.forks.has(g) && g.waitReason === 'promise'));
  }

  /**
   * A failing plain run: the plan of its located re-run (site-plan.ts). A planned
   * run: whether it captured every location its reports show.
   */
  private keepSitePlan(result: RunResult): void {
    const live = this.liveGoroutines();
    if (this.requests !== undefined) {
      const last = live.map((g) => g.suspendedAt);
      if (this.stuck.length > 0) last.push(...this.stuckPoints);
      keepPlan(result, this.requests.plan(this.steps, last), false);
    } else if (this.planned !== undefined) {
      const missed = (this.lastMiss >= 0 && this.lastMiss >= this.steps - PLANNED_STEPS) || (this.stuck.length > 0 && this.stuckMissing) || live.some((g) => !g.siteCurrent);
      keepPlan(result, undefined, missed);
    }
  }

  /** Called by the sentinel: the microtask queue holds nothing of this run's while it is in progress. */
  stalled(): void {
    if (this.ended || this.paused) return;
    if (this.waitingForJobs) {
      this.waitingForJobs = false;
      // A job ran: code of the run settled promises after every goroutine blocked, which only a run that follows them sees.
      if (sentinel.sawJobs) this.stalledUntracked = true;
      this.schedule(0);
      return;
    }
    if (this.following) {
      this.settle();
      return;
    }
    const g = this.current;
    if (g !== undefined && this.handoff === undefined && startedWork(this.hostWork).length === 0) {
      // A plain promise, which code of the run may settle (a timer callback, a goroutine): follow it.
      if (this.stopTracking !== undefined) {
        this.following = true;
        this.settle();
        return;
      }
      // Not followed in this run: the foreign-await finding, and a mark for run.ts to make it again, following.
      this.stalledUntracked = true;
    }
    this.finishOnRealWork(g);
  }

  // ---- following plain promises (async-context.ts) ---------------------------------

  /**
   * The code running now is a goroutine's of a run that ended (it awaited a promise
   * settled after its run). Known while this run is tracked, or while an ended tracked
   * run is alive (async-context.ts, `outlive`); otherwise nobody's code is tagged.
   */
  callerOfAnotherRun(): boolean {
    const g = owning();
    return g instanceof G && trackedGoroutines.get(g) !== this;
  }

  /**
   * Following: the microtask queue ran dry. The goroutine whose code ran last awaits a
   * promise the runtime does not settle: it is parked `[promise]`, and the next decision
   * is taken. (When nothing can run any more and real work the run started is pending,
   * a goroutine parked so awaits the outside world: the foreign-await finding.)
   */
  private settle(): void {
    this.endHandoffNow();
    // Whether real work settles it is asked only when nothing else can run (`nothingRunnable`):
    // asking here cost every promise wait a look at the host's handles.
    const g = this.current;
    if (g !== undefined) this.parkOnPromise(g);
    const d = this.detached;
    if (d !== undefined) {
      this.detached = undefined;
      this.parkOnPromise(d);
    }
    this.settledAt = this.steps;
    // Watching for the next time the queue runs dry (the sentinel stopped when it called this one).
    enter(undefined);
    sentinel.arm();
    this.schedule(0);
  }

  /**
   * {@link ContextTarget.switchTo}, following: a job of `h`'s code is about to run. The
   * goroutine that was running awaits (its code gave the job its turn): parked
   * `[promise]`. `h` goes on if it was parked so; if it was not free (blocked on an
   * operation, runnable, returned), the job is the code of a new goroutine `h` created,
   * as a `.then` callback runs beside the code that registered it.
   */
  switchTo(h: G): void {
    if (!this.following || this.ended || this.paused || active !== this || trackedGoroutines.get(h) !== this) return;
    // The running goroutine's own code goes on; unless it suspended in an operation and no
    // goroutine was chosen yet (a following run decides once the queue runs dry): then
    // this is a job it queued before (a `.then` callback), its code but not the
    // operation's continuation, and it runs as a goroutine of its own (`fork`).
    if (h === this.current && (this.handoff !== h || this.handoffTo !== undefined)) return;
    // A job runs: the code of a goroutine that suspended got to its await.
    this.endHandoffNow();
    const c = this.current;
    if (h === c) return;
    if (c !== undefined) this.parkOnPromise(c);
    if (h === this.detached) {
      // A child's first segment goes on after awaiting: its spawner's code awaits.
      this.detached = undefined;
      this.current = h;
      return;
    }
    const g = this.awaiting.delete(h) ? this.wakeFromPromise(h) : this.fork(h);
    enter(g);
  }

  /** Parks `g`, whose code awaits a promise the runtime does not settle. */
  private parkOnPromise(g: G): void {
    const site = this.awaitWatch?.awaitOf(g);
    if (site !== undefined) g.site = site;
    this.park(g, 'promise', undefined);
    this.awaiting.add(g);
    if (this.current === g) this.current = undefined;
  }

  /**
   * `g`'s promise settled: a job of its code runs, a step of `g`. Whoever settled it
   * ran in the steps since `g` parked, and the job runs after the last of them: `g` is
   * ordered after the goroutine of that step (a promise's settling is not seen itself).
   */
  private wakeFromPromise(g: G): G {
    g.state = RUNNING;
    g.waitReason = undefined;
    g.waitOn = undefined;
    this.fair.runnable(g);
    this.orderAfterLastStep(g.id, true);
    this.stepEvent(g, RESUME);
    this.orderAfterLastStep(g.id, false);
    this.current = g;
    return g;
  }

  /** A job of `parent`'s code while `parent` was not free to run it: the code of a new goroutine. */
  private fork(parent: G): G {
    const g = new G(this.nextG++, `promise job of goroutine ${parent.id}`, parent.id, RESUME, NO_BODY);
    g.fn = undefined;
    g.state = RUNNING;
    this.all[g.id] = g;
    trackedGoroutines.set(g, this);
    this.forks.add(g);
    this.fair.runnable(g);
    this.orderAfterLastStep(g.id, true);
    this.mon?.spawn({ parent: parent.id, child: g.id, name: g.name, site: undefined });
    this.stepEvent(g, START);
    this.orderAfterLastStep(g.id, false);
    this.current = g;
    return g;
  }

  private promiseJob: ObjectInfo | undefined = undefined;

  /** The edge from the goroutine of the last step to `g` (release before `g`'s step, acquire in it). */
  private orderAfterLastStep(g: number, release: boolean): void {
    if (this.mon === undefined) return;
    const by = this.lastStepG;
    if (by === 0 || by === g) return;
    const on = (this.promiseJob ??= { id: this.newObjectId(), kind: 'promise', name: PROMISE_JOB });
    if (release) {
      this.mon.wake(g, by);
      this.mon.sync(by, on, g, 'release');
    } else {
      this.mon.sync(g, on, g, 'acquire');
    }
  }

  /** Following, when goroutines await promises: real work the run started is pending, the foreign-await finding. */
  private finishedOnRealWork(): boolean {
    if (startedWork(this.hostWork).length === 0) return false;
    const waiting = [...this.awaiting];
    const g = waiting.find((x) => !this.forks.has(x)) ?? waiting[0];
    this.finishOnRealWork(g);
    return true;
  }

  private finishOnRealWork(g: G | undefined): void {
    this.stalledIn = this.steps;
    const outside = { work: startedWork(this.hostWork), timers: this.timers.size > 0 };
    this.finish([report.foreignAwait(g, g === undefined ? undefined : this.awaitWatch?.siteOf(g), outside)]);
  }

  /** Every way a run ends: the hooks off, the host's globals back, no longer the active run. */
  private leave(): void {
    if (this.stopTracking !== undefined) {
      // Code of its goroutines may still run: one is not done (a fork awaits, or one
      // awaits what nobody settled), or real work the run started is pending (a `.then` on it).
      if (this.anyLive() || this.forks.size !== 0 || startedWork(this.hostWork).length !== 0) outlive(this);
      this.stopTracking();
      sentinel.countWith(undefined);
    }
    this.awaitWatch?.stop();
    sentinel.stopCounting();
    if (active === this) {
      active = undefined;
      restoreGlobals();
      leaveRun(this);
    }
  }

  /** Ends the run by rejecting its promise: a scheduler, monitor or runtime bug, not a finding. */
  private abort(e: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.leave();
    this.fail(e);
  }

  /** Ends the run with `findings` (plus what monitors add) and resolves `start`'s promise. */
  finish(findings: Finding[], virtualTimeMs = this.nowMs): void {
    if (this.ended) return;
    this.ended = true;
    this.leave();
    if (this.draining) findings = findings.map((f) => (f.kind === 'leak' ? f : report.inDrain(f, DRAIN_WINDOW_MS, DRAIN_STEPS)));
    if (this.replay && findings.length === 0) {
      const rest = this.replay.remaining(this.recorder.count, this.steps);
      if (rest) findings = [report.nondeterminism(rest)];
    }
    for (const f of findings) f.step ??= this.steps;
    const all = [...findings];
    if (this.mon) {
      const blocked = this.liveGoroutines().map((g) => blockedView(g));
      if (this.stuck.length > 0) {
        blocked.push(...this.stuck);
        blocked.sort((a, b) => a.id - b.id);
      }
      for (const f of this.mon.runEnd({ steps: this.steps, virtualTimeMs, findings, blocked })) {
        mergeFinding(all, f.step !== undefined && f.step > this.mainEndedStep && f.kind !== 'leak' ? report.inDrain(f, DRAIN_WINDOW_MS, DRAIN_STEPS) : f);
      }
      if (all.length > 1) sortFindings(all, this.steps, new Set(findings));
    }
    const result = new Outcome(all.length === 0, all, this.steps, virtualTimeMs, this.recorder);
    if (this.checkedAt.length > 0) stuckCheckSteps.set(result, this.checkedAt);
    if (this.mon !== undefined && this.mon.origins.size > 0) findingOrigins.set(result, this.mon.origins);
    if (all.length > 0) this.keepSitePlan(result);
    if (this.stalledIn >= 0) keepStall(result, this.stalledIn);
    if (this.stalledUntracked) untrackedStalls.add(result);
    this.config.scheduler.endRun?.(result);
    this.done(result);
  }
}

/**
 * A run's result. `schedule` is an own enumerable accessor (spreads and JSON
 * keep it) whose token is compressed on first read: most runs of an exploration
 * pass and never show it. The accessor's functions are shared by every result.
 */
class Outcome {
  declare schedule: string;
  // ES private fields: not properties, so spreads, JSON and deep equality see only the result.
  #token: string | undefined = undefined;
  readonly #recorder: DecisionRecorder;

  constructor(
    readonly ok: boolean,
    readonly findings: Finding[],
    readonly steps: number,
    readonly virtualTimeMs: number,
    recorder: DecisionRecorder,
  ) {
    this.#recorder = recorder;
    Object.defineProperty(this, 'schedule', SCHEDULE);
  }

  static readSchedule(o: Outcome): string {
    return (o.#token ??= o.#recorder.token());
  }

  static writeSchedule(o: Outcome, token: string): void {
    o.#token = token;
  }
}

const SCHEDULE: PropertyDescriptor = {
  enumerable: true,
  get(this: Outcome): string {
    return Outcome.readSchedule(this);
  },
  set(this: Outcome, token: string): void {
    Outcome.writeSchedule(this, token);
  },
};

/**
 * Adds a monitor's finding. A deadlock a monitor explains (the cycle of a lock
 * wait) joins the runtime's own deadlock finding when there is one: one deadlock,
 * with its dump and its cycle.
 */
function mergeFinding(all: Finding[], f: Finding): void {
  const own = f.kind === 'deadlock' ? all.find((x) => x.kind === 'deadlock') : undefined;
  if (!own) {
    all.push(f);
    return;
  }
  own.text = `${own.text}\n${f.text}`;
  own.goroutines = [...new Set([...own.goroutines, ...f.goroutines])].sort((a, b) => a - b);
}

/**
 * Puts findings in the order they happened (a stable sort): by step; at the same
 * step a monitor's finding (made during the step) before the runtime's (made at its
 * end); a monitor's finding without a step last (made when the run ended).
 */
function sortFindings(all: Finding[], steps: number, own: ReadonlySet<Finding>): void {
  const rank = (f: Finding): number => (f.step === undefined ? 2 * steps + 2 : 2 * f.step + (own.has(f) ? 1 : 0));
  all.sort((a, b) => rank(a) - rank(b));
}

function blockedView(g: G): BlockedGoroutine {
  const on = g.waitOn;
  return {
    id: g.id,
    name: g.name,
    reason: g.state === BLOCKED ? g.waitReason! : 'runnable',
    objects: on === undefined ? [] : Array.isArray(on) ? (on as readonly ObjectInfo[]) : [on as ObjectInfo],
    createdBy: g.parent,
    createdAt: g.createdAt,
    blockedAt: g.site as SourceLocation | undefined,
  };
}

/** `g`'s body, taken to run it (once: the record keeps no reference); from then on its op is a resume. */
function takeBody(g: G): () => unknown {
  const fn = g.fn!;
  g.fn = undefined;
  g.op = RESUME;
  return fn;
}

/** The one `Decision` object of a run, refilled for every decision. */
class DecisionView implements Decision {
  kind: DecisionKind = 'goroutine';
  options = 0;
  step = 0;
  index = 0;
  current = 0;
  private cached: readonly GoroutineView[] | undefined;

  constructor(private readonly runq: RunQueue, private readonly rt: { readonly offeredGoroutines: G[] | undefined }) {}

  set(kind: DecisionKind, options: number, step: number, index: number, cur: number): void {
    this.kind = kind;
    this.options = options;
    this.step = step;
    this.index = index;
    this.current = cur;
    this.cached = undefined;
  }

  /** After the scheduler answered: the goroutines it was offered are not kept (a stuck check must see them unreachable). */
  release(): void {
    this.cached = undefined;
  }

  get runnable(): readonly GoroutineView[] {
    if (this.kind !== 'goroutine') return [];
    return (this.cached ??= this.rt.offeredGoroutines ?? this.runq.toArray());
  }
}
