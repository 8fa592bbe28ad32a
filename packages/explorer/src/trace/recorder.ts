/**
 * The trace recorder: a Monitor (plus a Scheduler wrapper) that hashes every run
 * (class and terminal state, see fingerprint.ts), records its decisions, and,
 * when asked (`trace: true`), keeps its steps with footprints and
 * happens-before hints for partial-order reduction.
 *
 * A step starts with core's `step` event and collects every later event until the
 * next one (core's ordering guarantee), or until its goroutine parks or returns:
 * events after that come from timers or the runtime at a time barrier (every
 * goroutine blocked), which orders everything anyway. Hints that order a
 * goroutine's next step:
 * - `spawnPred`: the step that created it (for its first step);
 * - `wakePred`: the step that woke it (`wake(g, by)` with `by` > 0);
 * - `barrier`: `wake(g, 0)` comes from a timer or the runtime, which act only when
 *   every goroutine is blocked, so every earlier step happens before;
 * - `acquires`: WaitGroups whose every earlier `done` happens before the step
 *   (a `wait` that returned, at once or woken).
 *
 * Completed operations, not attempts: a step whose goroutine blocks on one
 * object without completing its operation (a channel send or receive, a Mutex,
 * RWMutex or Semaphore lock, a WaitGroup wait, a Once `do`; or a `select` on
 * every channel of its cases; {@link PARKING_OPS}) is a *blocked attempt*.
 * Its footprint reads the object (it saw it unavailable: dependent on what made
 * it so) and writes the object's wait queue ({@link parkKey}), nothing else.
 * The step that later completes the operation for it and wakes it lists the
 * attempt in `woke`. `wakeDirty` says whether that step did anything after the
 * wake (touched an object, spawned) when its own operation was a channel send,
 * receive or select: one that could have blocked instead, had it come first, so
 * that the woken goroutine would have gone on before the rest of the step. An
 * unlock, a `done` or a `close` never blocks: whatever follows it in its step
 * comes before the woken goroutine's next step in either order. See
 * happens-before.ts for how a clean wake makes the attempt independent of its
 * waker.
 *
 * WaitGroup: `done` (a release) and `wait` (its read, its acquire) only read the
 * WaitGroup; an `add` from zero writes it. Dones commute with each other (the
 * counter goes through the same values in any order); a `wait` is ordered after
 * every earlier `done` by `acquires`/`releases`, not by a dependence (a `wait`
 * can never complete between a `done` and the `add` it matches).
 *
 * Memory: decisions are packed (./decision-log.ts, 20 bytes each), and a run
 * traces at most {@link MAX_TRACED_STEPS} steps: past that, `traceCut` is set
 * and later steps are hashed but not kept (partial-order reduction cannot
 * analyse such a run whole, so the search that asked for it must not call its
 * space covered). A livelock of millions of steps costs a few dozen bytes a step.
 *
 * Invariants: `steps[i].index === i`; a goroutine's steps have consecutive
 * `local` numbers from 0; `decisions[k].index === k`.
 */
import type { BlockEvent, Decision, Monitor, ObjectInfo, PendingOp, RunEndEvent, RunInfo, RunResult, Scheduler, SpawnEvent, SyncMode, OpKind } from '../core.ts';
import { DecisionLog, type DecisionRecord } from './decision-log.ts';
import { TraceHasher } from './fingerprint.ts';
import { IdTable } from './id-table.ts';
import { Footprint, type TouchSink, isChannelKind, opTouches, parkKey, CHANNELS, FAIR, MEMORY } from './footprint.ts';

/**
 * One scheduling step of a run (trace mode).
 *
 * @example
 * ```ts
 * const { g, op, fp } = recorder.steps[0]; // 1, 'start', an empty Footprint (the step itself)
 * ```
 */
export interface StepRecord {
  readonly index: number;
  /** The goroutine that ran. */
  readonly g: number;
  /** Its ordinal among `g`'s steps (0 is its first). */
  readonly local: number;
  readonly op: OpKind;
  readonly object: number;
  readonly fp: Footprint;
  /** Index of the goroutine decision that picked it; -1 when it was the only runnable one. */
  readonly decision: number;
  /** The previous step of `g`, or -1. */
  readonly prev: number;
  readonly spawnPred: number;
  readonly wakePred: number;
  /** Every step with a smaller index happens before this one; -1 for none. */
  readonly barrier: number;
  /** WaitGroups whose earlier releases happen before this step (see the file comment). */
  acquires: number[] | undefined;
  /** WaitGroups this step released (`done`). */
  releases: number[] | undefined;
  /** A blocked attempt: the object it queued on; 0 for a step that was not one. */
  park: number;
  /** Blocked attempts (their step indexes) that this step completed and woke. */
  woke: number[] | undefined;
  /** This step's operation could have blocked (a channel one), and it touched an object or spawned after its first entry in `woke`. */
  wakeDirty: boolean;
  /**
   * Its operation was an unbuffered hand-off with a parked partner (core reports
   * that as a release by the step's goroutine before anything else it syncs; a
   * buffered one starts with an acquire): had it come first, it would have blocked.
   */
  handoff: boolean;
}

/**
 * The operations whose blocked attempt is not an event (see the file comment):
 * the one that completes it later leaves the object as it would have been had it
 * come first and the attempt completed at once. Per operation, why (core's
 * semantics, packages/core/src/sync and chan):
 * - channel send/receive: the value handed over or buffered;
 * - `select` (parked on every channel of its cases): the partner that wakes it
 *   completes one case, as the select would have taken that case at once, the
 *   only one ready (a channel made ready by another step is dependent on the
 *   attempt, which reads every channel of its cases);
 * - Mutex `lock`: the lock free (the woken waiter contends again in its next step);
 * - WaitGroup `wait`: the counter zero;
 * - Once `do`: the first call finished (every waiter is woken by it, and a `do`
 *   after it returns at once);
 * - Semaphore `acquire`: the units granted by the `release` (FIFO, no barging:
 *   the waiter is admitted in the releaser's step, before any later goroutine can
 *   ask; every waiter before it was admitted too, so had the release come first,
 *   the units would have fitted with nobody queued);
 * - RWMutex `lock`: granted by the unlock (no reader queued then) or the last
 *   `rUnlock`, to the head writer; RWMutex `rLock`: granted by an unlock, but only
 *   while no writer is queued: readers an unlock admits overtake a queued writer,
 *   and an `rLock` that came after the unlock would have queued behind that
 *   writer. Such a wake is not recorded in `woke` (the attempt stays dependent).
 * Not `cond.wait` (a signal nobody waits for is lost).
 *
 * @example
 * ```ts
 * PARKING_OPS.has('chan.recv'); // true
 * ```
 */
export const PARKING_OPS: ReadonlySet<OpKind> = new Set<OpKind>([
  'chan.send', 'chan.recv', 'select', 'mutex.lock', 'waitgroup.wait', 'once.do', 'semaphore.acquire', 'rwmutex.lock', 'rwmutex.rlock',
]);

/** {@link PARKING_OPS}' test, by comparisons (asked at every step). */
function parks(kind: OpKind): boolean {
  return kind === 'chan.send' || kind === 'chan.recv' || kind === 'select' || kind === 'mutex.lock' || kind === 'waitgroup.wait' ||
    kind === 'once.do' || kind === 'semaphore.acquire' || kind === 'rwmutex.lock' || kind === 'rwmutex.rlock';
}

export type { DecisionRecord } from './decision-log.ts';

/**
 * The most steps a run keeps with their footprints (trace mode).
 *
 * @example
 * ```ts
 * if (recorder.traceCut) console.log(`only the first ${MAX_TRACED_STEPS} steps were traced`);
 * ```
 */
export const MAX_TRACED_STEPS = 20_000;

/**
 * How the run ended, as the recorder saw it.
 *
 * @example
 * ```ts
 * if (recorder.end?.truncated) console.log('cut by a bound');
 * ```
 */
export interface EndRecord {
  /** Goroutines still runnable when the run ended (disabled by the end). */
  readonly runnable: readonly number[];
  /** Live goroutines and what they wait on ('runnable' for the runnable ones). */
  readonly live: readonly { id: number; reason: string }[];
  /** The run was cut by a bound (step limit, or the steps core allows after main returned). */
  readonly truncated: boolean;
  /** The last step ended the run while goroutines could still run (main returned, a panic). */
  readonly terminating: boolean;
}

/**
 * Told by a {@link Recorder} when a goroutine can run (spawned, woken) and when it
 * stops (parked, exited): a scheduler that keeps its own view of the runnable
 * goroutines (PCT) instead of reading the list at every decision.
 *
 * @example
 * ```ts
 * const ready = new Set<number>();
 * recorder.watch({ runnable: (g) => ready.add(g), stopped: (g) => ready.delete(g) });
 * ```
 */
export interface RunnableWatcher {
  runnable(g: number): void;
  stopped(g: number): void;
}

/**
 * Records one run. Create one per run; pass it as a monitor and wrap the run's
 * scheduler with {@link Recorder.wrap}.
 *
 * @example
 * ```ts
 * const rec = new Recorder({ trace: true });
 * await run(program, { scheduler: rec.wrap(scheduler), monitors: [rec] });
 * rec.steps.length; // steps taken
 * ```
 */
export class Recorder implements Monitor, TouchSink {
  /** The steps (only with `trace: true`; the first {@link MAX_TRACED_STEPS}). */
  readonly steps: StepRecord[] = [];
  /** The run's decisions, packed. */
  readonly log = new DecisionLog();
  /** Trace mode: the run had more than {@link MAX_TRACED_STEPS} steps, those after were not kept. */
  traceCut = false;
  end: EndRecord | undefined;
  /** Called after a step opened (trace mode); the previous steps are complete. */
  onStep: ((index: number) => void) | undefined;
  readonly trace: boolean;
  private readonly plainState: boolean;
  private readonly hasher = new TraceHasher();
  private stepCount = 0;
  private open: StepRecord | undefined;
  // Trace mode only (empty and unused otherwise: most runs of an exploration do not trace).
  private readonly lastOf: IdTable;
  private readonly spawnPred: IdTable;
  private readonly wakePred: IdTable;
  private readonly barrier: IdTable;
  /** Per goroutine id, WaitGroups whose releases its next step acquires. */
  private readonly acquirePred: (number[] | undefined)[] = [];
  /** A goroutine decision was taken and its step has not started yet. */
  private pendingPick = -1;
  /** Answers of decisions taken before the step they belong to started. */
  private pendingChoices: number[] | undefined;
  /** The goroutine of the step in progress; 0 once it parked or returned. */
  private stepG = 0;
  /** The operation the step in progress started with. */
  private stepOp: OpKind = 'start';
  /** The open step's wakes came from a channel operation, which could have blocked instead. */
  private wakeMayBlock = false;
  /** Goroutines parked on several objects at once (select), until woken; allocated by the first such park. */
  private waitingOn: Map<number, readonly ObjectInfo[]> | undefined = undefined;
  /** The open step's goroutine has had a sync event (trace mode: see `handoff`). */
  private synced = false;
  /** Per RWMutex, its `lock` attempts parked and not woken yet (trace mode). */
  private readonly queuedWriters = new Map<number, number>();
  /** The step in which main returned, or -1. */
  private mainExit = -1;
  /**
   * What the open step touched, not hashed yet, as triples: key, 1 for a write, and
   * 0 or the goroutine whose next step it is read for. Only for a step whose
   * operation may block ({@link PARKING_OPS}; others hash at once): hashed when the
   * next step starts, dropped when it turns out a blocked attempt, so the class hash
   * never sees one.
   */
  private readonly stepKeys: number[] = [];
  /** How many of `stepKeys`' entries are the open step's (the array keeps its length: emptying it freed its storage at every step). */
  private stepKeyCount = 0;
  private deferring = false;
  private watcher: RunnableWatcher | undefined = undefined;

  /**
   * `plainState`: the exploration's `sharedState` is 'anywhere', so every step may
   * touch plain JavaScript state: the class hash counts each step as a write of
   * {@link MEMORY} (steps of different goroutines never commute), as the
   * reduction does, so `coverage.classes` counts what the search tells apart.
   */
  constructor(options: { trace?: boolean; plainState?: boolean } = {}) {
    this.trace = options.trace ?? false;
    this.plainState = options.plainState ?? false;
    this.lastOf = this.trace ? new IdTable() : NO_STEPS;
    this.spawnPred = this.trace ? new IdTable() : NO_STEPS;
    this.wakePred = this.trace ? new IdTable() : NO_STEPS;
    this.barrier = this.trace ? new IdTable() : NO_STEPS;
  }

  /** The current step read or wrote object `key` (see {@link opTouches}). */
  touchKey(key: number, write: boolean): void {
    if (this.deferring) this.deferKey(key, write ? 1 : 0, 0);
    else this.hasher.touch(key, write);
    const open = this.open;
    if (open === undefined) return;
    open.fp.touch(key, write);
    if (open.woke !== undefined && this.wakeMayBlock) open.wakeDirty = true;
  }

  /** The step a decision taken now belongs to. */
  get decisionStep(): number {
    return this.pendingPick >= 0 ? this.stepCount : this.stepCount - 1;
  }

  /** The decisions as objects (made on each call: for failing runs and tests; hot paths read {@link Recorder.log}). */
  get decisions(): readonly DecisionRecord[] {
    const out: DecisionRecord[] = [];
    for (let i = 0; i < this.log.length; i++) out.push(this.log.record(i));
    return out;
  }

  /** Tells `w` of every goroutine that becomes runnable or stops, from now on (one watcher a run). */
  watch(w: RunnableWatcher): void {
    this.watcher = w;
  }

  /** Wraps a scheduler so that every decision is recorded. */
  wrap(inner: Scheduler): Scheduler {
    return new RecordingScheduler(inner, this);
  }

  /** Records a decision (called by {@link Recorder.wrap}'s scheduler). */
  noteDecision(d: Decision, choice: number): void {
    const goroutine = d.kind === 'goroutine';
    const step = goroutine ? this.stepCount : this.decisionStep;
    // `current` is non-zero only when that goroutine reached a scheduling point, so it
    // is runnable; the goroutine picked is read from the step event that follows
    // (reading `d.runnable` would cost a copy of the run queue per decision).
    const index = this.log.push(d.kind, d.options, choice, d.current, goroutine && d.current !== 0, step);
    // Timer decisions show in the class as the order of the wakes they cause.
    if (goroutine) this.pendingPick = index;
    else if (d.kind === 'timer') return;
    else if (this.pendingPick >= 0) (this.pendingChoices ??= []).push(choice);
    else this.hasher.choice(choice);
  }

  step(_step: number, g: number, op: PendingOp): void {
    this.flushStepKeys();
    const index = this.stepCount++;
    this.stepG = g;
    this.stepOp = op.kind;
    this.deferring = parks(op.kind);
    const decision = this.pendingPick;
    if (decision >= 0) this.log.setGid(decision, g);
    this.pendingPick = -1;
    this.hasher.step(g);
    if (this.pendingChoices !== undefined) {
      for (const c of this.pendingChoices) this.hasher.choice(c);
      this.pendingChoices = undefined;
    }
    // Plain state: the step wrote MEMORY (deferred with its other touches: a blocked attempt drops it).
    if (this.plainState) {
      if (this.deferring) this.deferKey(MEMORY, 1, 0);
      else this.hasher.touch(MEMORY, true);
    }
    if (this.trace && index >= MAX_TRACED_STEPS) {
      this.traceCut = true;
      this.open = undefined;
    } else if (this.trace) {
      const prev = this.lastOf.get(g);
      this.open = new TracedStep(
        index, g, prev < 0 ? 0 : this.steps[prev]!.local + 1, op.kind, op.object,
        decision, prev, this.spawnPred.take(g), this.wakePred.take(g), this.barrier.take(g), takeList(this.acquirePred, g),
      );
      this.synced = false;
      this.steps.push(this.open);
      this.lastOf.set(g, index);
    }
    opTouches(op.kind, op.object, this);
    this.onStep?.(index);
  }

  spawn(e: SpawnEvent): void {
    this.watcher?.runnable(e.child);
    this.hasher.spawn(e.parent, e.child);
    if (!this.trace) return;
    if (this.open?.woke !== undefined && this.wakeMayBlock) this.open.wakeDirty = true;
    // A goroutine spawned by a timer (parent 0) starts after the time barrier.
    if (e.parent === 0) this.barrier.set(e.child, this.stepCount);
    else this.spawnPred.set(e.child, this.stepCount - 1);
  }

  yielded(g: number): void {
    // The step that just ended polled: see FAIR (its order with every other step matters).
    if (g === this.stepG && this.open !== undefined) this.open.fp.touch(FAIR, true);
  }

  exit(g: number): void {
    this.watcher?.stopped(g);
    if (g === 1) this.mainExit = this.stepCount - 1;
    if (g === this.stepG) this.stepG = 0;
  }

  sync(g: number, object: ObjectInfo, _slot: number, mode: SyncMode): void {
    // Atomics report every operation as an access too (write: false for loads): that
    // decides; their acquire/release halves would make two loads look dependent.
    if (object.kind === 'atomic') return;
    if (g === this.stepG && !this.synced) {
      this.synced = true;
      if (this.open !== undefined && object.kind === 'chan' && mode === 'release' && CHANNEL_OPS.has(this.stepOp)) this.open.handoff = true;
    }
    if (object.kind === 'waitgroup') this.waitGroupSync(g, object, mode);
    else if (object.kind === 'once' && mode === 'acquire' && g === this.stepG && this.open?.object === object.id && this.stepOp === 'once.do') {
      // A `do` that found the call finished only reads the Once (two such commute); the
      // one that opened it wrote it (its op's touch), and so does the call's end (release).
      this.open.fp.set(object.id, false);
    } else this.touchObject(object, true);
  }

  /** A WaitGroup edge half: a read, plus the ordering hint (see the file comment). */
  private waitGroupSync(g: number, object: ObjectInfo, mode: SyncMode): void {
    if (this.stepG === 0) return;
    if (g !== this.stepG) {
      // The waiter a `done` releases acquires: its next step is ordered after every done,
      // and reads the group (in the class, as a `wait` that returns at once does).
      if (this.deferring) this.deferKey(object.id, 0, g);
      else this.hasher.readAs(object.id, g);
      if (this.trace) pushTo(this.acquirePred, g, object.id);
      return;
    }
    this.touchObject(object, false);
    const open = this.open;
    if (open === undefined) return;
    if (mode === 'release') (open.releases ??= []).push(object.id);
    else (open.acquires ??= []).push(object.id);
  }

  access(_g: number, object: ObjectInfo, write: boolean): void {
    this.touchObject(object, write);
  }

  lock(_g: number, object: ObjectInfo): void {
    this.touchObject(object, true);
  }

  block(e: BlockEvent): void {
    this.watcher?.stopped(e.goroutine);
    if (e.goroutine === this.stepG && e.objects.length > 0 && parks(this.stepOp) && (e.objects.length === 1 || this.stepOp === 'select')) {
      this.blockedAttempt(e.goroutine, e.objects);
    } else for (const o of e.objects) this.touchObject(o, true);
    if (e.objects.length > 1) (this.waitingOn ??= new Map()).set(e.goroutine, e.objects);
    if (e.goroutine === this.stepG) this.stepG = 0;
  }

  wake(g: number, by: number): void {
    this.watcher?.runnable(g);
    const on = this.waitingOn?.get(g);
    if (on !== undefined) this.waitingOn!.delete(g);
    if (by === 0) {
      // A timer (or the runtime) acts between steps, when every goroutine is blocked:
      // a barrier, not part of the step that happened to run last.
      this.hasher.barrierWake(g);
      if (this.trace) this.barrier.set(g, this.stepCount);
      return;
    }
    // Waking a goroutine parked on several objects (a select) takes it off every one of
    // their wait queues: the waking step touches them all, although core reports only
    // the one it used. Two sends to different channels of one select are dependent.
    if (on !== undefined) for (const o of on) this.touchObject(o, true);
    if (!this.trace) return;
    this.wakePred.set(g, this.stepCount - 1);
    const open = this.open;
    const attempt = this.lastOf.get(g);
    const parked = attempt >= 0 ? this.steps[attempt] : undefined;
    if (parked !== undefined && parked.park !== 0 && parked.op === 'rwmutex.lock') this.queuedWriters.set(parked.park, (this.queuedWriters.get(parked.park) ?? 0) - 1);
    if (open !== undefined && this.stepG !== 0 && parked !== undefined && parked.park !== 0 && !this.overtook(parked)) {
      if (open.woke === undefined) {
        open.woke = [attempt];
        open.wakeDirty = false;
        this.wakeMayBlock = CHANNEL_OPS.has(this.stepOp);
      } else open.woke.push(attempt);
    }
  }

  /**
   * The open step blocked on `objects` (one, or every channel of a select's
   * cases) without completing its operation: it read each object and queued on
   * it (the operation's own writes, reported before it ran, are taken back: a
   * select's write of {@link CHANNELS} too; an attempt changes nothing but the
   * queues).
   */
  private blockedAttempt(g: number, objects: readonly ObjectInfo[]): void {
    this.stepKeyCount = 0;
    this.hasher.uncountStep(g);
    const open = this.open;
    if (open === undefined) return;
    for (const object of objects) {
      open.fp.set(object.id, false);
      // Once waiters are all woken together by the call's end: their queue order decides nothing.
      if (this.stepOp !== 'once.do') open.fp.touch(parkKey(object.id), true);
      if (isChannelKind(object.kind)) open.fp.set(CHANNELS, false);
    }
    open.park = objects[0]!.id;
    if (this.stepOp === 'rwmutex.lock') this.queuedWriters.set(open.park, (this.queuedWriters.get(open.park) ?? 0) + 1);
  }

  /** A woken `rLock` attempt overtook a writer queued on the same RWMutex (its wake is not clean, see {@link PARKING_OPS}). */
  private overtook(attempt: StepRecord): boolean {
    return attempt.op === 'rwmutex.rlock' && (this.queuedWriters.get(attempt.park) ?? 0) > 0;
  }

  runEnd(e: RunEndEvent): void {
    const runnable: number[] = [];
    const live: { id: number; reason: string }[] = [];
    for (const b of e.blocked) {
      if (b.reason === 'runnable') runnable.push(b.id);
      live.push({ id: b.id, reason: b.reason });
    }
    const stepLimit = e.findings.some((f) => f.kind === 'step-limit');
    // After main returns, core lets the others run for a while (leak detection): a run
    // that ends then with goroutines still runnable was cut by that bound.
    const drained = this.mainExit >= 0 && this.mainExit < this.stepCount - 1 && runnable.length > 0;
    const truncated = stepLimit || drained;
    this.end = { runnable, live, truncated, terminating: runnable.length > 0 && !truncated };
  }

  /** The run's Mazurkiewicz trace, hashed. */
  classHash(): number {
    this.flushStepKeys();
    return this.hasher.classHash();
  }

  /** The run's terminal state, hashed. */
  stateHash(result: RunResult): number {
    this.flushStepKeys();
    return this.hasher.stateHash(result, this.end?.live ?? []);
  }

  private flushStepKeys(): void {
    this.deferring = false;
    const n = this.stepKeyCount;
    if (n === 0) return;
    const keys = this.stepKeys;
    for (let k = 0; k < n; k += 3) {
      const g = keys[k + 2]!;
      if (g === 0) this.hasher.touch(keys[k]!, keys[k + 1] === 1);
      else this.hasher.readAs(keys[k]!, g);
    }
    this.stepKeyCount = 0;
  }

  /** Keeps a touch of the open step for {@link flushStepKeys}: key, 1 for a write, the goroutine read for (or 0). */
  private deferKey(key: number, write: number, g: number): void {
    const keys = this.stepKeys;
    const n = this.stepKeyCount;
    if (n === keys.length) keys.push(key, write, g);
    else {
      keys[n] = key;
      keys[n + 1] = write;
      keys[n + 2] = g;
    }
    this.stepKeyCount = n + 3;
  }

  /** The ordering hints a goroutine's next step would get (for goroutines that never ran again). */
  pendingPreds(g: number): { spawnPred: number; wakePred: number; barrier: number; acquires: number[] | undefined } {
    return { spawnPred: this.spawnPred.get(g), wakePred: this.wakePred.get(g), barrier: this.barrier.get(g), acquires: this.acquirePred[g] };
  }

  /** The last step of `g`, or -1 (trace mode). */
  lastStepOf(g: number): number {
    return this.lastOf.get(g);
  }

  /** Number of preemptions: picks of another goroutine while the current one could go on. */
  preemptions(): number {
    return this.log.preemptions();
  }

  private touchObject(object: ObjectInfo, write: boolean): void {
    // Once the step's goroutine parked or returned, what follows until the next step
    // is done by timers or the runtime at a time barrier, not by that step.
    if (this.stepG === 0) return;
    this.touchKey(object.id, write);
    if (isChannelKind(object.kind)) this.touchKey(CHANNELS, false);
  }
}

/** Operations that could have blocked where they completed another goroutine's attempt (see `wakeDirty`). */
const CHANNEL_OPS: ReadonlySet<OpKind> = new Set<OpKind>(['chan.send', 'chan.recv', 'select']);

/** The shared, always-empty table of a recorder that does not trace (never written: only trace mode sets). */
const NO_STEPS = new IdTable(1);

/** The scheduler {@link Recorder.wrap} returns: asks `inner`, then records the answer. */
class RecordingScheduler implements Scheduler {
  constructor(
    private readonly inner: Scheduler,
    private readonly recorder: Recorder,
  ) {}

  startRun(info: RunInfo): void {
    this.inner.startRun?.(info);
  }

  endRun(result: RunResult): void {
    this.inner.endRun?.(result);
  }

  choose(d: Decision): number {
    const choice = this.inner.choose(d);
    this.recorder.noteDecision(d, choice);
    return choice;
  }
}

/**
 * A step as the recorder keeps it: its own footprint (`fp === this`), so that a
 * step is one object. A run keeps every step until its analysis (3,000 for 1,000
 * goroutines), and each object kept alive is copied by every young-generation
 * collection that meets it.
 */
class TracedStep extends Footprint implements StepRecord {
  readonly fp: Footprint = this;
  releases: number[] | undefined = undefined;
  park = 0;
  woke: number[] | undefined = undefined;
  wakeDirty = false;
  handoff = false;

  constructor(
    readonly index: number,
    readonly g: number,
    readonly local: number,
    readonly op: OpKind,
    readonly object: number,
    readonly decision: number,
    readonly prev: number,
    readonly spawnPred: number,
    readonly wakePred: number,
    readonly barrier: number,
    public acquires: number[] | undefined,
  ) {
    super();
  }
}

function takeList(lists: (number[] | undefined)[], g: number): number[] | undefined {
  const v = lists[g];
  if (v !== undefined) lists[g] = undefined;
  return v;
}

function pushTo(lists: (number[] | undefined)[], g: number, value: number): void {
  const list = lists[g];
  if (list === undefined) lists[g] = [value];
  else list.push(value);
}
