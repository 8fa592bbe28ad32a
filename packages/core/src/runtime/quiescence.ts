/**
 * Knowing, deterministically, that a run's running goroutine waits on the outside
 * world: the microtask queue holds nothing of the run's.
 *
 * A run proceeds entirely in microtasks, so while one is in progress (not paused for
 * a stuck check, not ended) the microtask queue runs dry only when the running
 * goroutine awaits something the runtime does not control. Node runs
 * `process.nextTick` callbacks as soon as the microtask queue is empty, before the
 * event loop goes on: a {@link Sentinel} keeps one tick of its own queued (from a
 * microtask, so that it runs at the first drain) and so sees the drain before any
 * I/O callback, timer or immediate can run. (A `setImmediate` watchdog, used before,
 * ran after the poll phase, so fast real I/O resumed the goroutine first in some
 * runs: issue 12.)
 *
 * At a drain the tick turns promise hooks on and keeps the queue non-empty with
 * hops (a microtask that queues itself again), counting promise events (a promise
 * made, settled or run) between two hops. A hop with none since the one before means
 * the queue held only the hop. Ticks the program queued run only at a drain too, so
 * before calling the run quiet the sentinel lets them run (a tick of its own behind
 * them queues the next hop) and looks once more. Quiet twice in a row: its target is
 * told ({@link QuietTarget.quiet}). Progress (a step) at a hop turns the hooks off and
 * queues the tick again.
 *
 * Invariants:
 * - While the target waits, a tick or a hop of the sentinel is queued, never both, so
 *   the event loop gets no turn: real I/O cannot complete in the middle of a run.
 * - The hooks are on only from a drain to the next step or the end: a run that never
 *   drains pays one microtask and one tick, nothing per step.
 * - Determinism: whether and when the sentinel calls the run quiet depends on the
 *   program's microtask and tick order, which is deterministic, not on time.
 * - Limit: a chain of plain `queueMicrotask` callbacks that makes no promise is not
 *   seen as activity (no promise hook fires for it).
 */
import { promiseHooks } from 'node:v8';

/** Captured at load, so a test that fakes them cannot silence the sentinel. */
const realQueueMicrotask = globalThis.queueMicrotask;
const realNextTick = process.nextTick.bind(process);
const SETTLED = Promise.resolve();

/** What a sentinel watches. */
export interface QuietTarget {
  /** Whether the run waits for code of its own to call back (false: ended or paused). */
  waiting(): boolean;
  /** A number that changes whenever the run makes progress (its step count). */
  progress(): number;
  /** The microtask queue holds nothing of the run's: its running goroutine awaits the outside world. */
  quiet(): void;
}

/**
 * Sees the microtask queue run dry while its target waits, and calls the target
 * quiet when nothing but the sentinel is left to run.
 *
 * @example
 * ```ts
 * const sentinel = new Sentinel({ waiting: () => !rt.ended, progress: () => rt.steps, quiet: () => rt.stalled() });
 * sentinel.arm(); // at the start of the run and after each pause
 * ```
 */
export class Sentinel {
  /** A tick or a hop is queued. */
  private queued = false;
  private last = -1;
  /** Promise events seen since the last hop, while counting. */
  private events = 0;
  private stopHook: (() => void) | undefined = undefined;
  /** The last hop found the queue quiet and let pending ticks run: one more quiet hop ends the wait. */
  private ticked = false;
  private readonly hop: () => void;
  private readonly drained: () => void;
  private readonly queueTick: () => void;
  private readonly afterTicks: () => void;
  private readonly count = (): void => {
    this.events++;
  };

  constructor(private readonly target: QuietTarget) {
    this.hop = (): void => {
      this.queued = false;
      this.step();
    };
    this.drained = (): void => {
      this.queued = false;
      this.onDrain();
    };
    this.queueTick = (): void => {
      realNextTick(this.drained);
    };
    this.afterTicks = (): void => {
      this.queued = false;
      if (this.target.waiting()) this.queueHop();
      else this.stopCounting();
    };
  }

  /**
   * Where promise events are counted while a run tracks promises (async-context.ts): its
   * hooks already see every promise, and installing hooks costs (each install re-registers
   * every hook with V8), so the sentinel reads that count instead of hooking at each drain.
   */
  private counter: (() => number) | undefined = undefined;
  private base = 0;

  /** Count promise events with `counter` from now on (undefined: with hooks of its own). */
  countWith(counter: (() => number) | undefined): void {
    this.stopCounting();
    this.counter = counter;
  }

  /** Whether a promise job ran while the sentinel watched, since {@link Sentinel.watchJobs} (code of the program's was still running). */
  sawJobs = false;

  /** From now on, notes whether a promise job runs before the queue is quiet (`sawJobs`). */
  watchJobs(): void {
    this.sawJobs = false;
  }

  /** Watches for the next drain (idempotent while a tick or hop is queued). */
  arm(): void {
    if (this.queued) return;
    this.queued = true;
    // Queued from a microtask: a tick queued from synchronous code may run before the microtasks.
    void SETTLED.then(this.queueTick);
  }

  /** Turns the promise hooks off (every way a run ends calls it; idempotent). */
  stopCounting(): void {
    this.stopHook?.();
    this.stopHook = undefined;
    this.ticked = false;
  }

  private queueHop(): void {
    this.queued = true;
    realQueueMicrotask(this.hop); // makes no promise: the count holds the program's only
  }

  private onDrain(): void {
    if (!this.target.waiting()) return;
    this.last = this.target.progress();
    this.events = 0;
    if (this.counter !== undefined) this.base = this.counter();
    else this.stopHook ??= promiseHooks.createHook({ init: this.count, before: this.count, settled: this.count }) as () => void; // typed `Function`
    this.queueHop();
  }

  private step(): void {
    const t = this.target;
    if (!t.waiting()) {
      this.stopCounting();
      return;
    }
    if (t.progress() !== this.last) {
      this.stopCounting();
      this.queued = true;
      realNextTick(this.drained); // from a microtask: it runs at the next drain
      return;
    }
    if (this.counter !== undefined) {
      const now = this.counter();
      this.events = now - this.base;
      this.base = now;
    }
    if (this.events > 0) {
      this.events = 0;
      this.sawJobs = true;
      this.ticked = false;
      this.queueHop();
      return;
    }
    if (!this.ticked) {
      // Quiet, but a tick of the program's may be pending: ours runs after it.
      this.ticked = true;
      this.queued = true;
      realNextTick(this.afterTicks);
      return;
    }
    this.stopCounting();
    t.quiet();
  }
}

/**
 * The requests and handles pending now that were not at `before` (a multiset
 * difference of `process.getActiveResourcesInfo()`), sorted: the real work a run
 * started. Deterministic while the run is in progress: the event loop gets no turn,
 * so none of it can complete.
 *
 * @example
 * ```ts
 * const before = process.getActiveResourcesInfo();
 * void fs.promises.stat('/');
 * startedWork(before); // ['FSReqPromise']
 * ```
 */
export function startedWork(before: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const r of before) left.set(r, (left.get(r) ?? 0) + 1);
  const started: string[] = [];
  for (const r of process.getActiveResourcesInfo()) {
    const n = left.get(r) ?? 0;
    if (n > 0) left.set(r, n - 1);
    else started.push(r);
  }
  return started.sort();
}
