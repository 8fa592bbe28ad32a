/**
 * The main thread's side of a worker exploration: hands out tasks, gathers the
 * schedule summaries, and yields them strictly in index order, so that
 * `explore` counts, dedupes and stops exactly as its in-process loop does.
 *
 * - The portfolio's segment (its exhaustive runs, the even indexes) goes to one
 *   worker; every other index is handed out in chunks of consecutive indexes
 *   (less the segment's), lowest first, to whichever worker has fewer than two
 *   (plan.ts says what a chunk and the segment are): the second one hides the
 *   round trip to this thread. Nothing queues behind the segment, which is long.
 *   If the search ends without covering the space, its even indexes after it
 *   are handed out too.
 * - A summary is committed (yielded) only when every lower index has been: the
 *   failure `explore` reports is the one with the lowest index, whatever the
 *   number of workers. With stopOnFirstFailure, no chunk past the lowest
 *   failing index known is handed out; chunks below it all run.
 * - A PCT schedule is committed only if the estimate k it was built with is the
 *   fold of every PCT schedule before it; otherwise it and the rest of its chunk
 *   are dropped and run again from the exact estimate.
 * - `timeBudgetMs`: no schedule starts after the deadline (workers check it
 *   too), and at the deadline the workers are stopped, in the middle of a
 *   schedule if need be; the exploration then ends at the first index that did
 *   not run. An aborted `signal` stops them too, and `items` throws its reason.
 *
 * Invariant: `received` holds summaries of indices >= `commitAt` only, each
 * from a task that finished (chunks) or is still streaming in order (the segment).
 */
import type { StrategyOptions } from '../strategies/types.ts';
import { exhaustiveStrategy } from '../strategies/exhaustive.ts';
import { strategies } from '../strategies/index.ts';
import { PctMirror, type PctState, type Plan } from './plan.ts';
import { Pool, type Handle } from './pool.ts';
import type { SegmentEnd, Task, WorkerInit } from './protocol.ts';
import type { ScheduleItem } from './schedule.ts';

/**
 * A worker exploration's parameters.
 *
 * @example
 * ```ts
 * const spec: CoordinatorSpec = { init, workers: 2 };
 * ```
 */
export interface CoordinatorSpec {
  readonly init: WorkerInit;
  readonly workers: number;
  /** Aborts the exploration: the workers are stopped and `items` throws the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** Tasks a worker may hold: the one it runs and one more. */
const QUEUED = 2;

/** Indexes `from, from + step, ...` below `to` to run again (or for the first time, after the segment). */
interface Range {
  from: number;
  to: number;
  step: 1 | 2;
}

/**
 * Runs schedules `0 .. init.plan.options.schedules - 1` on workers and yields their
 * summaries in index order.
 *
 * @example
 * ```ts
 * const c = new Coordinator({ init, workers: 2 });
 * for await (const item of c.items()) if (item.failure) break;
 * c.strategyStats(); c.exhausted;
 * ```
 */
export class Coordinator {
  /** The plan's `exhausted` after the committed schedules (portfolio: a committed segment run covered the space). */
  exhausted = false;
  /** Schedules dropped because they were built with a wrong PCT estimate (they run again). */
  rerun = 0;
  private readonly plan: Plan;
  private readonly init: WorkerInit;
  private readonly chunk: number;
  private readonly mirror: PctMirror;
  private readonly received = new Map<number, ScheduleItem>();
  /** The task each received index came from. */
  private readonly origin = new Map<number, { id: number; to: number; step: 1 | 2 }>();
  private readonly retry: Range[] = [];
  private readonly segmentTo: number;
  private segmentStarted = false;
  /** The exhaustive search's statistics after the last committed segment run. */
  private segmentStats: Readonly<Record<string, number>> | undefined;
  /** Even indexes from here on are no longer the segment's (Infinity while it may have runs). */
  private exhaustiveUntil: number;
  private commitAt = 0;
  /** Indices >= end do not count (a segment run covered the space before). */
  private end: number;
  /** Next index never handed out in a chunk. */
  private cursor = 0;
  /** Lowest index of a received failure (with stopOnFirstFailure). */
  private lowestFailure = Infinity;
  private taskId = 0;

  constructor(private readonly spec: CoordinatorSpec) {
    this.init = spec.init;
    this.plan = spec.init.plan;
    const n = this.plan.options.schedules;
    this.end = n;
    this.segmentTo = this.plan.kind === 'portfolio' ? n : 0;
    this.exhaustiveUntil = this.plan.kind === 'portfolio' ? Infinity : 0;
    this.chunk = Math.max(4, Math.min(128, Math.ceil(n / (spec.workers * 16))));
    this.mirror = new PctMirror(this.plan.options);
  }

  /** The strategy's statistics, as the in-process strategy reports them after the committed schedules. */
  strategyStats(): Readonly<Record<string, number>> {
    const options: StrategyOptions = this.plan.options;
    switch (this.plan.kind) {
      case 'random':
        return strategies.random(options).stats?.() ?? {};
      case 'pct':
        return this.mirror.stats();
      case 'portfolio': {
        const exhaustive = this.segmentStats ?? exhaustiveStrategy({ ...options, maxPreemptions: undefined }).stats();
        return { ...exhaustive, ...this.mirror.stats() };
      }
    }
  }

  /** The summaries of the schedules that count, in index order. Stop iterating to stop the workers. */
  async *items(): AsyncGenerator<ScheduleItem, void, undefined> {
    const signal = this.spec.signal;
    signal?.throwIfAborted();
    const pool = new Pool(this.init, this.spec.workers);
    const interrupt = (): void => pool.interrupt();
    const deadline = this.init.deadline;
    const timer = deadline === undefined ? undefined : setTimeout(interrupt, Math.max(0, deadline - (performance.timeOrigin + performance.now())));
    signal?.addEventListener('abort', interrupt, { once: true });
    try {
      for (;;) {
        while (this.commitAt < this.end) {
          const item = this.received.get(this.commitAt);
          if (item === undefined) break;
          if (item.pct !== undefined && item.pct.k !== this.mirror.state.k) {
            this.invalidate(this.commitAt);
            break;
          }
          this.received.delete(this.commitAt);
          this.origin.delete(this.commitAt);
          if (item.pct !== undefined) this.mirror.fold(item.pct);
          if (item.exhaustive !== undefined) {
            this.segmentStats = item.exhaustive.stats;
            this.exhausted = item.exhaustive.exhausted;
          }
          this.commitAt++;
          yield item;
        }
        if (this.commitAt >= this.end) return;
        this.dispatch(pool);
        if (!pool.busy) return; // a gap no task will fill: the deadline passed
        const event = await pool.next();
        if (event === undefined) {
          signal?.throwIfAborted();
          return; // the deadline: what was committed stands
        }
        const { handle, message } = event;
        if (message.type === 'error') throw new Error(`worker: ${message.message}${message.stack === undefined ? '' : `\n${message.stack}`}`);
        this.accept(handle, message.items, message.done, message.segment);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', interrupt);
      await pool.close();
    }
  }

  private accept(handle: Handle, items: readonly ScheduleItem[], done: boolean, segment: SegmentEnd | undefined): void {
    const task = handle.tasks[0];
    if (task === undefined) return;
    const step = task.type === 'chunk' ? task.step : 2;
    for (const item of items) {
      // An index run twice (a range run again next to the even indexes freed by the segment) counts once.
      if (item.index < this.commitAt || this.received.has(item.index)) continue;
      this.received.set(item.index, item);
      this.origin.set(item.index, { id: task.id, to: task.to, step });
      if (this.stops(item)) this.lowestFailure = Math.min(this.lowestFailure, item.index);
      // That run covered the space: the in-process loop ends right after it.
      if (item.exhaustive?.exhausted === true) this.end = Math.min(this.end, item.index + 1);
    }
    if (done) handle.tasks.shift();
    if (segment?.reason !== 'finished') return;
    // The search is over without covering the space: its even indexes from here on are PCT/random.
    this.exhaustiveUntil = 2 * segment.runs;
    if (this.exhaustiveUntil < this.cursor) this.addRetry({ from: this.exhaustiveUntil, to: this.cursor, step: 2 });
  }

  private stops(item: ScheduleItem): boolean {
    return item.nondeterminism !== undefined || (item.failure !== undefined && this.init.stopOnFirstFailure);
  }

  /** Drops the summaries of `index`'s chunk from `index` on and has them run again from the exact PCT estimate. */
  private invalidate(index: number): void {
    const task = this.origin.get(index)!;
    for (let i = index; i < task.to; i++) {
      if (this.origin.get(i)?.id !== task.id) continue;
      this.received.delete(i);
      this.origin.delete(i);
      this.rerun++;
    }
    this.lowestFailure = Infinity;
    for (const item of this.received.values()) if (this.stops(item)) this.lowestFailure = Math.min(this.lowestFailure, item.index);
    this.addRetry({ from: index, to: task.to, step: task.step });
  }

  private addRetry(range: Range): void {
    this.retry.push(range);
    this.retry.sort((a, b) => a.from - b.from);
  }

  private dispatch(pool: Pool): void {
    const deadline = this.init.deadline;
    for (let depth = 0; depth < QUEUED; depth++) {
      for (const handle of pool.handles) {
        if (handle.tasks.length > depth || handle.tasks.some((t) => t.type === 'segment')) continue;
        if (deadline !== undefined && performance.timeOrigin + performance.now() >= deadline) return;
        const task = this.nextTask();
        if (task === undefined) return;
        pool.post(handle, task);
      }
    }
  }

  private nextTask(): Task | undefined {
    if (this.segmentTo > 0 && !this.segmentStarted) {
      this.segmentStarted = true;
      return { type: 'segment', id: ++this.taskId, to: this.segmentTo };
    }
    const limit = Math.min(this.end, this.lowestFailure + 1);
    const range = this.retry[0];
    if (range !== undefined && range.from < limit) {
      const from = range.from;
      const to = Math.min(range.to, from + this.chunk * range.step, limit);
      range.from = from + Math.ceil((to - from) / range.step) * range.step;
      if (range.from >= range.to) this.retry.shift();
      return this.chunkTask(from, to, range.step);
    }
    if (this.cursor >= limit) return undefined;
    const from = this.cursor;
    // While the segment owns the even indexes, a chunk's span holds half as many runs.
    const span = this.exhaustiveUntil === Infinity ? 2 * this.chunk : this.chunk;
    const to = Math.min(from + span, limit);
    this.cursor = to;
    return this.chunkTask(from, to, 1);
  }

  private chunkTask(from: number, to: number, step: 1 | 2): Task {
    return { type: 'chunk', id: ++this.taskId, from, to, step, exhaustiveUntil: this.exhaustiveUntil, pct: this.guess(from) };
  }

  /**
   * The PCT estimates to start index `from` with: the committed ones folded with
   * every PCT summary received below `from` (exact when nothing is missing below).
   */
  private guess(from: number): PctState {
    const state = { ...this.mirror.state };
    for (const item of this.received.values()) {
      if (item.pct === undefined || item.index >= from) continue;
      state.n = Math.max(state.n, item.pct.n);
      state.k = Math.max(state.k, item.pct.steps);
    }
    return state;
  }
}
