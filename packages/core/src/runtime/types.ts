/**
 * The public types of the runtime: what a run takes and returns, and the two
 * plug-in interfaces everything else is built on.
 *
 * - {@link Scheduler} makes every nondeterministic decision of a run (which
 *   goroutine runs next, which ready `select` case wins, which of several timers
 *   due at the same instant fires first, random values). A run is fully described
 *   by the list of its decisions; that list is the replay token.
 * - {@link Monitor} observes every event of a run (spawn, scheduling step,
 *   synchronization edge, `Shared` access, block, wake, exit, end). The race
 *   detector and the explorer's partial-order reduction are monitors.
 *
 * Core knows nothing of the packages that implement these interfaces.
 */

/** The kinds of finding a run or an exploration can report. */
export type FindingKind = 'race' | 'deadlock' | 'leak' | 'panic' | 'lock-order' | 'step-limit' | 'nondeterminism';

/**
 * One problem found in a run.
 *
 * @example
 * ```ts
 * const r = await run(async () => { await chan<number>().send(1); });
 * r.findings[0]; // { kind: 'deadlock', message: 'all goroutines are asleep - deadlock!', text: '...', goroutines: [1] }
 * ```
 */
export interface Finding {
  kind: FindingKind;
  /** One line. */
  message: string;
  /** The full human report, Go-style: goroutine ids, operations, `file:line:col`. */
  text: string;
  /** The goroutines involved, by id (main is 1). */
  goroutines: number[];
  /**
   * The scheduling step at which it happened (steps taken so far; a finding at the
   * run's end has the run's step count). `RunResult.findings` is sorted by it. A
   * monitor's finding without one counts as made at the run's end.
   */
  step?: number;
}

/**
 * The outcome of one execution.
 *
 * @example
 * ```ts
 * const { ok, findings, schedule } = await run(program, { seed: 7 });
 * ```
 */
export interface RunResult {
  ok: boolean;
  /** Every finding of the run, in the order they happened (by `step`; at the same step a monitor's finding, made during the step, before the runtime's, made at its end). */
  findings: Finding[];
  /** Scheduling steps taken (every scheduling point counts one). */
  steps: number;
  /** Virtual time at the end of the run, in milliseconds. */
  virtualTimeMs: number;
  /** The replay token of this execution (see `decodeSchedule`). */
  schedule: string;
}

/** A program is the main goroutine's body. It must create all of its state inside itself. */
export type Program = () => Promise<void> | void;

/**
 * Options of {@link run}.
 *
 * @example
 * ```ts
 * await run(program, { seed: 42, maxSteps: 10_000, monitors: [myMonitor] });
 * ```
 */
export interface RunOptions {
  /** Seed of the default random scheduler and of `randomInt`. Default 0. */
  seed?: number | string;
  /** Makes every decision; default: a seeded uniform random scheduler. */
  scheduler?: Scheduler;
  /** Observers of every runtime event. */
  monitors?: Monitor[];
  /** End the run with a `step-limit` finding after this many scheduling steps. Default 1,000,000. */
  maxSteps?: number;
  /**
   * Capture source locations for every event (slow; the default captures none on the
   * fast path and re-runs a failing schedule with locations on to write its report).
   */
  locations?: boolean;
  /** Report goroutines still blocked when main returns as `leak` findings. Default true. */
  leaks?: boolean;
  /**
   * Replay this token instead of consulting `scheduler`: every decision is taken from
   * it, and a token that does not fit the program ends the run with a `nondeterminism`
   * finding that says at which decision it diverged.
   */
  replay?: string;
  /** Path prefix stripped from source locations in reports. Default: `process.cwd()`. */
  root?: string;
  /**
   * Goroutine names (or creation-site substrings) that are expected to outlive main
   * and are not reported as leaks (goleak's IgnoreTopFunction).
   */
  ignoreLeaks?: string[];
  /**
   * A timer due less than this many milliseconds ahead of the clock may fire while
   * goroutines are still runnable, as a `timer` decision of the scheduler (a running
   * goroutine takes time, so a 1 ns ticker fires mid-loop); timers further ahead
   * wait until every goroutine is blocked or idle, which keeps long sleeps exact.
   * Default 1; 0 turns early firing off.
   */
  timerWindowMs?: number;
  /**
   * With `locations: true` and `replay: result.schedule`: this run replays the
   * failing run `result` to locate its report, so it captures locations only
   * where a report of that run shows them (the last steps, each goroutine's last
   * scheduling point, locks; a few stack captures instead of one per step). When
   * the execution turns out not to be the one planned, it is made again with
   * locations everywhere. Ignored when a monitor is given as an instance rather
   * than a factory (it would see two executions).
   */
  locationsFor?: RunResult;
  /**
   * Whether a goroutine may await a plain promise (a `new Promise((r) => setTimeout(r, 10))`,
   * `events.once`, a cached `Promise`, an async library): it is parked `[promise]` and goes on
   * when code of the run settles the promise, in JavaScript's own microtask order
   * (docs/async-code.md). Following costs every promise of the run about a third of its
   * speed (a V8 promise hook), so by default a run starts without, and a run that awaits
   * a plain promise is made again from its start following promises (later runs of the
   * same program function follow from the start). `true`: follow from the start. `false`:
   * never; such an await is the foreign-await `nondeterminism` finding.
   * A scheduler given as an object is not asked twice when a run starts over: the run's
   * first decisions are answered as they were; a monitor given as an object sees the
   * first attempt end (`runEnd`) and the run start again (`runStart`).
   */
  followPromises?: boolean;
}

/** A source position in a user's file; `file` is relative to the run's root. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
  /** The function name of the frame, when the stack names one. */
  fn?: string;
}

/**
 * What a scheduling decision chooses between: `goroutine` (which offered goroutine
 * runs next), `select` (which ready case wins; for a select that parks with several
 * cases on one channel in one direction, which of them a partner completes), `timer` (which of several timers due
 * at the same instant fires first; or, with 2 options while goroutines are runnable
 * and a timer is due within `timerWindowMs`, whether it fires now: 0 no, 1 yes),
 * `random` (`randomInt`).
 */
export type DecisionKind = 'goroutine' | 'select' | 'timer' | 'random';

/**
 * The operation a goroutine performs at its next scheduling point.
 * `object` is the id of the runtime object it touches (0 for none).
 */
export interface PendingOp {
  readonly kind: OpKind;
  readonly object: number;
  /** For a `select`: the ids of every channel it polls (`object` is the first). */
  readonly objects?: readonly number[];
}

/**
 * Scheduling-point operations. `start` is a new goroutine's first step; `resume`
 * continues after a wake; `go` is the spawner continuing after `go()` (which may
 * first let the new goroutine run to its first scheduling point).
 */
export type OpKind =
  | 'start' | 'resume' | 'gosched' | 'go'
  | 'chan.send' | 'chan.recv' | 'select'
  | 'mutex.lock' | 'rwmutex.lock' | 'rwmutex.rlock'
  | 'waitgroup.wait' | 'once.do' | 'cond.wait' | 'semaphore.acquire'
  | 'atomic.load' | 'atomic.store' | 'atomic.rmw'
  | 'sleep';

/** A goroutine as schedulers and monitors see it. */
export interface GoroutineView {
  readonly id: number;
  readonly name: string | undefined;
  /** The operation it performs when chosen. */
  readonly op: PendingOp;
}

/**
 * One nondeterministic decision. The runtime reuses one object per run: read it
 * during the call, do not keep it.
 */
export interface Decision {
  readonly kind: DecisionKind;
  /** Number of alternatives; always at least 2 (a single alternative is not a decision). */
  readonly options: number;
  /** Scheduling steps taken so far in this run. */
  readonly step: number;
  /** Decisions taken so far in this run (this one's 0-based index). */
  readonly index: number;
  /** The goroutine that reached the scheduling point, or 0 when none did (time advanced, a goroutine ended). */
  readonly current: number;
  /**
   * For `goroutine` decisions: the goroutines offered, in id order; the answer is an
   * index into this list. They are the runnable goroutines, minus those the
   * fairness rule defers (a goroutine that yielded without progress waits until the
   * goroutines runnable before its yield have run; see docs/runtime.md). Includes
   * `current` when it is still runnable and not deferred. At a `go()` the list is
   * `[spawner, child]` (`current` is the spawner): 0 lets the spawner continue, 1
   * runs the new goroutine to its first scheduling point first.
   */
  readonly runnable: readonly GoroutineView[];
}

/**
 * Makes every nondeterministic decision of a run. Implementations must be
 * deterministic given their own seed: the explorer's strategies, replay, and the
 * default random scheduler implement it.
 *
 * @example
 * ```ts
 * // Always runs the lowest-numbered runnable goroutine, picks the first ready select case.
 * const firstChoice: Scheduler = { choose: () => 0 };
 * await run(program, { scheduler: firstChoice });
 * ```
 */
export interface Scheduler {
  /** Called once before the run's first step. */
  startRun?(info: RunInfo): void;
  /** Returns an index in `[0, d.options)`. */
  choose(d: Decision): number;
  /** Called once after the run ended. */
  endRun?(result: RunResult): void;
}

/** Facts about a run, given to schedulers and monitors when it starts. */
export interface RunInfo {
  readonly seed: number | string;
  readonly locations: boolean;
}

/** How a synchronizing operation orders memory: Go's race-detector vocabulary. */
export type SyncMode = 'acquire' | 'release';

/** Kinds of runtime object, for reports. */
export type ObjectKind =
  | 'chan' | 'mutex' | 'rwmutex' | 'waitgroup' | 'once' | 'cond' | 'semaphore'
  | 'atomic' | 'shared' | 'context' | 'errgroup' | 'timer'
  /** What a goroutine awaiting a plain promise synchronizes on when a job of its code runs (docs/async-code.md). */
  | 'promise';

/** A runtime object as monitors see it. */
export interface ObjectInfo {
  readonly id: number;
  readonly kind: ObjectKind;
  readonly name?: string | undefined;
}

/** A goroutine was created. */
export interface SpawnEvent {
  readonly parent: number;
  readonly child: number;
  readonly name: string | undefined;
  /** Where `go` was called; present when locations are on. */
  readonly site: SourceLocation | undefined;
}

/** Why a goroutine waits, in Go's words (`chan send`, `sync.Mutex.Lock`, ...). */
export type WaitReason =
  | 'chan send' | 'chan receive' | 'select' | 'select (no cases)'
  | 'chan send (nil chan)' | 'chan receive (nil chan)'
  | 'sync.Mutex.Lock' | 'sync.RWMutex.Lock' | 'sync.RWMutex.RLock'
  | 'sync.WaitGroup.Wait' | 'sync.Once.Do' | 'sync.Cond.Wait' | 'semaphore.Acquire'
  | 'sleep'
  /** Awaiting a promise the runtime does not settle (a run that follows plain promises: docs/async-code.md). */
  | 'promise';

/** A goroutine parked. */
export interface BlockEvent {
  readonly goroutine: number;
  readonly reason: WaitReason;
  /** The objects it waits on (several for a `select`). */
  readonly objects: readonly ObjectInfo[];
  /** Where it blocked; present when locations are on. */
  readonly site: SourceLocation | undefined;
}

/**
 * Observes a run. Every method is optional. Hot events (`step`, `sync`, `access`)
 * take positional arguments so that observing them allocates nothing.
 *
 * Ordering guarantee: events arrive in execution order; every event between two
 * `step` calls belongs to the goroutine of the earlier one, except `sync` events
 * that name another goroutine (the partner of a channel hand-off, the goroutine a
 * timer or cancel wakes) and `wake` events, and the events of a new goroutine
 * whose first step ran inside `go()` and awaited something that is not an
 * interleave operation: the rest of that first step runs when its spawner stops,
 * and its events (named by its id) come then.
 *
 * @example
 * ```ts
 * const counts = { sync: 0 };
 * await run(program, { monitors: [{ sync: () => { counts.sync++; } }] });
 * ```
 */
export interface Monitor {
  /** The run starts; `control` lets the monitor ask things of it (see {@link RunControl}). */
  runStart?(info: RunInfo, control: RunControl): void;
  /**
   * Goroutine `g` was chosen at a scheduling point and performs `op` now. `step` is
   * 0-based. `site` is where the operation was called (for a first step, where the
   * goroutine was created); present when locations are on.
   */
  step?(step: number, g: number, op: PendingOp, site?: SourceLocation): void;
  spawn?(e: SpawnEvent): void;
  /**
   * A happens-before edge half: goroutine `g` releases into, or acquires from, the
   * synchronization variable (`object`, `slot`). Core emits exactly the edges of Go's
   * memory model (see docs/runtime.md); `slot` distinguishes the variables of one
   * object (a buffered channel's slots, a channel's close, an RWMutex's reader and
   * writer sides).
   */
  sync?(g: number, object: ObjectInfo, slot: number, mode: SyncMode): void;
  /**
   * A memory access by goroutine `g`: `Shared` reads and writes and `Atomic.plain`
   * accesses (`atomic` false), and atomic operations (`atomic` true: they never race
   * with each other, the edges around each order them, but a plain access of the same
   * variable races with one it is not ordered with). `site` is present when
   * locations are on. Repeats are elided: a `Shared` access by the goroutine that made
   * the previous one, with no `step`, `spawn` or `sync` event since, is not reported
   * when that one covers it (a write covers both kinds, a read covers reads).
   */
  access?(g: number, object: ObjectInfo, write: boolean, atomic: boolean, site: SourceLocation | undefined): void;
  block?(e: BlockEvent): void;
  /** Goroutine `g` became runnable again; `by` woke it (0: a timer or the runtime). */
  wake?(g: number, by: number): void;
  /** A lock was taken (`held` true) or released (`held` false): for lock-order analysis. */
  lock?(g: number, object: ObjectInfo, held: boolean, shared: boolean, site: SourceLocation | undefined): void;
  /** Goroutine `g` returned. */
  exit?(g: number): void;
  /**
   * The step goroutine `g` just ran ended in a yield without progress (it polled,
   * or it is spinning on bare `gosched()`s): from here the fairness rule may hold
   * `g` back until the goroutines runnable before it have run (fairness.ts). Called
   * at that scheduling point, before the next step.
   */
  yielded?(g: number): void;
  /**
   * The run ended. A monitor may return findings to add to the result (races,
   * lock-order inversions, ...). `findings` are those the run found by itself.
   */
  runEnd?(e: RunEndEvent): Finding[] | void;
}

/**
 * What a monitor may ask of the run it observes.
 *
 * @example
 * ```ts
 * let control: RunControl | undefined;
 * const monitor: Monitor = {
 *   runStart: (_info, c) => { control = c; },
 *   block: (e) => { if (e.reason === 'chan send') control?.checkStuck(); },
 * };
 * ```
 */
export interface RunControl {
  /**
   * Asks the runtime to find out, before the next step, which parked goroutines can
   * never run again while others still can: nothing that can still run reaches
   * what they wait on (a full garbage collection decides, in a macrotask of its
   * own; the schedule is unchanged). When some are, the run ends with a `deadlock`
   * finding naming them (a partial deadlock), to which monitors' `runEnd` findings
   * of kind `deadlock` are added. A run makes at most 4 checks; the request is
   * ignored when nothing else can run (that is a global deadlock anyway) or where
   * the engine offers no garbage collection.
   */
  checkStuck(): void;
}

/** What a monitor sees when the run ends. */
export interface RunEndEvent {
  readonly steps: number;
  readonly virtualTimeMs: number;
  readonly findings: readonly Finding[];
  /** Goroutines still alive, with what they wait on. */
  readonly blocked: readonly BlockedGoroutine[];
}

/** A goroutine that was still alive when the run ended. */
export interface BlockedGoroutine {
  readonly id: number;
  readonly name: string | undefined;
  readonly reason: WaitReason | 'runnable';
  readonly objects: readonly ObjectInfo[];
  readonly createdBy: number;
  readonly createdAt: SourceLocation | undefined;
  readonly blockedAt: SourceLocation | undefined;
}
