/**
 * The messages between `explore` (main thread) and its worker threads. Plain
 * data only (structured clone).
 *
 * A worker gets a {@link WorkerInit} as `workerData`, loads the program module,
 * then runs one {@link Task} at a time: the portfolio's exhaustive segment (its
 * even indexes), or a chunk of indexes of the PCT/random part. It answers with
 * {@link WorkerMessage}s: batches of schedule summaries, the last one marked
 * `done`.
 *
 * Invariant: a batch lists the task's indexes in order, without gaps among
 * them (a chunk's indexes are `from, from + step, ...` below `to`, less those
 * of the segment); a task that stops early (a failure with stopOnFirstFailure,
 * the deadline, the segment's end) simply lists fewer.
 */
import type { EngineOptions } from '../core.ts';
import type { Plan, PctState } from './plan.ts';
import type { ScheduleItem } from './schedule.ts';

/**
 * Everything a worker needs besides tasks.
 *
 * @example
 * ```ts
 * new Worker(code, { eval: true, workerData: init satisfies WorkerInit });
 * ```
 */
export interface WorkerInit {
  /** File URL of the program's module. */
  readonly moduleUrl: string;
  /** The export that is the program. */
  readonly exportName: string;
  readonly plan: Plan;
  /** Run options shared by every run (serializable: no monitors, no scheduler). */
  readonly base: Omit<EngineOptions, 'monitors' | 'scheduler'>;
  readonly race: boolean;
  readonly seed: string;
  readonly stopOnFirstFailure: boolean;
  /** Epoch milliseconds (`performance.timeOrigin + performance.now()`) after which no schedule starts. */
  readonly deadline: number | undefined;
}

/**
 * Work for a worker.
 *
 * @example
 * ```ts
 * const t: Task = { type: 'chunk', id: 3, from: 64, to: 96, pct: { n: 3, k: 20 } };
 * ```
 */
export type Task =
  /** The portfolio's exhaustive part: indexes 0, 2, 4, ... below `to` while the search has runs (see plan.ts). */
  | { readonly type: 'segment'; readonly id: number; readonly to: number }
  /**
   * Indexes `from, from + step, ...` below `to` of the PCT/random part, starting from the PCT
   * estimates `pct`, less those of the segment (`inSegment(plan, i, exhaustiveUntil)`).
   */
  | {
    readonly type: 'chunk'; readonly id: number; readonly from: number; readonly to: number; readonly step: 1 | 2;
    readonly exhaustiveUntil: number; readonly pct: PctState;
  };

/**
 * How the segment ended, after `runs` exhaustive runs (indexes 0 .. 2·runs − 2).
 * `exhausted`: the space is covered (the exploration ends after index 2·runs − 2);
 * `finished`: the search ended without covering it (a run was cut), the even indexes from 2·runs on are PCT/random;
 * `budget`: it reached the end of the budget; `stopped`: a failure, a divergence or the deadline stopped it.
 *
 * @example
 * ```ts
 * const end: SegmentEnd = { runs: 12, reason: 'exhausted' };
 * ```
 */
export interface SegmentEnd {
  readonly runs: number;
  readonly reason: 'exhausted' | 'finished' | 'budget' | 'stopped';
}

/**
 * What a worker sends.
 *
 * @example
 * ```ts
 * worker.on('message', (m: WorkerMessage) => { if (m.type === 'items') handle(m.items); });
 * ```
 */
export type WorkerMessage =
  | { readonly type: 'items'; readonly task: number; readonly items: ScheduleItem[]; readonly done: boolean; readonly segment?: SegmentEnd }
  | { readonly type: 'error'; readonly message: string; readonly stack: string | undefined };
