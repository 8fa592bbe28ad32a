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
 *   every goroutine is blocked, so every earlier step happens before.
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
import { type Footprint, type TouchSink, isChannelKind, opTouches, touch, CHANNELS } from './footprint.ts';

/**
 * One scheduling step of a run (trace mode).
 *
 * @example
 * ```ts
 * const { g, op, fp } = recorder.steps[0]; // 1, 'start', Map {}
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
  private readonly hasher = new TraceHasher();
  private stepCount = 0;
  private open: StepRecord | undefined;
  // Trace mode only (empty and unused otherwise: most runs of an exploration do not trace).
  private readonly lastOf: Map<number, number>;
  private readonly spawnPred: Map<number, number>;
  private readonly wakePred: Map<number, number>;
  private readonly barrier: Map<number, number>;
  /** A goroutine decision was taken and its step has not started yet. */
  private pendingPick = -1;
  /** Answers of decisions taken before the step they belong to started. */
  private pendingChoices: number[] | undefined;
  /** The goroutine of the step in progress; 0 once it parked or returned. */
  private stepG = 0;
  /** Goroutines parked on several objects at once (select), until woken; allocated by the first such park. */
  private waitingOn: Map<number, readonly ObjectInfo[]> | undefined = undefined;
  /** The step in which main returned, or -1. */
  private mainExit = -1;

  constructor(options: { trace?: boolean } = {}) {
    this.trace = options.trace ?? false;
    this.lastOf = this.trace ? new Map() : NO_STEPS;
    this.spawnPred = this.trace ? new Map() : NO_STEPS;
    this.wakePred = this.trace ? new Map() : NO_STEPS;
    this.barrier = this.trace ? new Map() : NO_STEPS;
  }

  /** The current step read or wrote object `key` (see {@link opTouches}). */
  touchKey(key: number, write: boolean): void {
    this.hasher.touch(key, write);
    if (this.open !== undefined) touch(this.open.fp, key, write);
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
    const index = this.stepCount++;
    this.stepG = g;
    const decision = this.pendingPick;
    if (decision >= 0) this.log.setGid(decision, g);
    this.pendingPick = -1;
    this.hasher.step(g);
    if (this.pendingChoices !== undefined) {
      for (const c of this.pendingChoices) this.hasher.choice(c);
      this.pendingChoices = undefined;
    }
    if (this.trace && index >= MAX_TRACED_STEPS) {
      this.traceCut = true;
      this.open = undefined;
    } else if (this.trace) {
      const prev = this.lastOf.get(g) ?? -1;
      this.open = {
        index, g, local: prev < 0 ? 0 : this.steps[prev]!.local + 1, op: op.kind, object: op.object, fp: new Map(),
        decision, prev, spawnPred: take(this.spawnPred, g), wakePred: take(this.wakePred, g), barrier: take(this.barrier, g),
      };
      this.steps.push(this.open);
      this.lastOf.set(g, index);
    }
    opTouches(op.kind, op.object, this);
    this.onStep?.(index);
  }

  spawn(e: SpawnEvent): void {
    this.hasher.spawn(e.parent, e.child);
    if (!this.trace) return;
    // A goroutine spawned by a timer (parent 0) starts after the time barrier.
    if (e.parent === 0) this.barrier.set(e.child, this.stepCount);
    else this.spawnPred.set(e.child, this.stepCount - 1);
  }

  exit(g: number): void {
    if (g === 1) this.mainExit = this.stepCount - 1;
    if (g === this.stepG) this.stepG = 0;
  }

  sync(_g: number, object: ObjectInfo, _slot: number, mode: SyncMode): void {
    // Atomics report every operation as an access too (write: false for loads): that
    // decides; their acquire/release halves would make two loads look dependent.
    if (object.kind === 'atomic') return;
    // A WaitGroup `done` releases; it is a write only when it also wakes a waiter (the
    // acquire that follows in the same step). Two dones that wake nobody commute: the
    // counter ends the same and nothing observed it. `wait` (block or acquire) and an
    // `add` from zero (an access write) stay writes.
    this.touchObject(object, !(object.kind === 'waitgroup' && mode === 'release'));
  }

  access(_g: number, object: ObjectInfo, write: boolean): void {
    this.touchObject(object, write);
  }

  lock(_g: number, object: ObjectInfo): void {
    this.touchObject(object, true);
  }

  block(e: BlockEvent): void {
    for (const o of e.objects) this.touchObject(o, true);
    if (e.objects.length > 1) (this.waitingOn ??= new Map()).set(e.goroutine, e.objects);
    if (e.goroutine === this.stepG) this.stepG = 0;
  }

  wake(g: number, by: number): void {
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
    if (this.trace) this.wakePred.set(g, this.stepCount - 1);
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
    return this.hasher.classHash();
  }

  /** The run's terminal state, hashed. */
  stateHash(result: RunResult): number {
    return this.hasher.stateHash(result, this.end?.live ?? []);
  }

  /** The ordering hints a goroutine's next step would get (for goroutines that never ran again). */
  pendingPreds(g: number): { spawnPred: number; wakePred: number; barrier: number } {
    return { spawnPred: this.spawnPred.get(g) ?? -1, wakePred: this.wakePred.get(g) ?? -1, barrier: this.barrier.get(g) ?? -1 };
  }

  /** The last step of `g`, or -1 (trace mode). */
  lastStepOf(g: number): number {
    return this.lastOf.get(g) ?? -1;
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

/** The shared, always-empty map of a recorder that does not trace (never written: only trace mode sets). */
const NO_STEPS: Map<number, number> = new Map();

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

function take(map: Map<number, number>, key: number): number {
  const v = map.get(key);
  if (v === undefined) return -1;
  map.delete(key);
  return v;
}
