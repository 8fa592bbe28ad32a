/**
 * The main thread's side of a worker exploration: hands out tasks, gathers the
 * schedule summaries, and yields them strictly in index order, so that
 * `explore` counts, dedupes and stops exactly as its in-process loop does.
 *
 * - Indices are handed out in chunks of consecutive indices, lowest first, to
 *   whichever worker has fewer than two (plan.ts says what a chunk and the
 *   segment are): the second one hides the round trip to this thread. Nothing
 *   queues behind the segment, which is long.
 * - A summary is committed (yielded) only when every lower index has been: the
 *   failure `explore` reports is the one with the lowest index, whatever the
 *   number of workers. With stopOnFirstFailure, no chunk past the lowest
 *   failing index known is handed out; chunks below it all run.
 * - A PCT schedule is committed only if the estimate k it was built with is the
 *   fold of every PCT schedule before it; otherwise it and the rest of its chunk
 *   are dropped and run again from the exact estimate.
 * - `timeBudgetMs`: no schedule starts after the deadline (workers check it
 *   too); the exploration then ends at the first index that did not run.
 *
 * Invariant: `received` holds summaries of indices >= `commitAt` only, each
 * from a task that finished (chunks) or is still streaming in order (the segment).
 */
import type { StrategyOptions } from '../strategies/types.ts';
import { exhaustiveStrategy } from '../strategies/exhaustive.ts';
import { strategies } from '../strategies/index.ts';
import { PctMirror, segmentEnd, type PctState, type Plan } from './plan.ts';
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
}

/** Tasks a worker may hold: the one it runs and one more. */
const QUEUED = 2;

/** A range of indices to run again (or for the first time, after the segment). */
interface Range {
  from: number;
  to: number;
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
  /** The plan's `exhausted` for the committed schedules (portfolio: the segment covered the space). */
  exhausted = false;
  /** Schedules dropped because they were built with a wrong PCT estimate (they run again). */
  rerun = 0;
  private readonly plan: Plan;
  private readonly init: WorkerInit;
  private readonly chunk: number;
  private readonly mirror: PctMirror;
  private readonly received = new Map<number, ScheduleItem>();
  /** The task each received index came from. */
  private readonly origin = new Map<number, { id: number; to: number }>();
  private readonly retry: Range[] = [];
  private segmentTo: number;
  private segmentStarted = false;
  private segment: SegmentEnd | undefined;
  private commitAt = 0;
  /** Indices >= end do not count (the segment covered the space before). */
  private end: number;
  /** Next index never handed out (PCT/random phase). */
  private cursor: number;
  /** Lowest index of a received failure (with stopOnFirstFailure). */
  private lowestFailure = Infinity;
  private taskId = 0;

  constructor(private readonly spec: CoordinatorSpec) {
    this.init = spec.init;
    this.plan = spec.init.plan;
    const n = this.plan.options.schedules;
    this.end = n;
    this.segmentTo = segmentEnd(this.plan);
    this.cursor = this.segmentTo;
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
        const exhaustive = this.segment?.stats ?? exhaustiveStrategy({ ...options, maxPreemptions: undefined }).stats();
        return { ...exhaustive, ...this.mirror.stats() };
      }
    }
  }

  /** The summaries of the schedules that count, in index order. Stop iterating to stop the workers. */
  async *items(): AsyncGenerator<ScheduleItem, void, undefined> {
    const pool = new Pool(this.init, this.spec.workers);
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
          this.commitAt++;
          yield item;
        }
        if (this.commitAt >= this.end) return;
        this.dispatch(pool);
        if (!pool.busy) return; // a gap no task will fill: the deadline passed
        const { handle, message } = await pool.next();
        if (message.type === 'error') throw new Error(`worker: ${message.message}${message.stack === undefined ? '' : `\n${message.stack}`}`);
        this.accept(handle, message.items, message.done, message.segment);
      }
    } finally {
      await pool.close();
    }
  }

  private accept(handle: Handle, items: readonly ScheduleItem[], done: boolean, segment: SegmentEnd | undefined): void {
    const task = handle.tasks[0];
    if (task === undefined) return;
    for (const item of items) {
      this.received.set(item.index, item);
      this.origin.set(item.index, { id: task.id, to: task.to });
      if (this.stops(item)) this.lowestFailure = Math.min(this.lowestFailure, item.index);
    }
    if (done) handle.tasks.shift();
    if (segment === undefined) return;
    this.segment = segment;
    this.exhausted = segment.exhausted;
    if (segment.exhausted) this.end = Math.min(this.end, segment.at);
    else if (segment.reason === 'finished' && segment.at < this.segmentTo) this.addRetry({ from: segment.at, to: this.segmentTo });
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
    this.addRetry({ from: index, to: task.to });
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
      const to = Math.min(range.to, from + this.chunk, limit);
      range.from = to;
      if (range.from >= range.to) this.retry.shift();
      return { type: 'chunk', id: ++this.taskId, from, to, pct: this.guess(from) };
    }
    if (this.cursor >= limit) return undefined;
    const from = this.cursor;
    const to = Math.min(from + this.chunk, limit);
    this.cursor = to;
    return { type: 'chunk', id: ++this.taskId, from, to, pct: this.guess(from) };
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
