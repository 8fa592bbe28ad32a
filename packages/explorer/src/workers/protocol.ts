/**
 * The messages between `explore` (main thread) and its worker threads. Plain
 * data only (structured clone).
 *
 * A worker gets a {@link WorkerInit} as `workerData`, loads the program module,
 * then runs one {@link Task} at a time: the portfolio's exhaustive segment, or a
 * chunk of consecutive indices of the PCT/random phase. It answers with
 * {@link WorkerMessage}s: batches of schedule summaries, the last one marked
 * `done`.
 *
 * Invariant: a batch lists schedules in index order without gaps, from the
 * task's first index; a task that stops early (a failure with
 * stopOnFirstFailure, the deadline, the segment's end) simply lists fewer.
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
  /** The portfolio's exhaustive phase, indices 0 .. to-1 (see plan.ts). */
  | { readonly type: 'segment'; readonly id: number; readonly to: number }
  /** Indices from .. to-1 of the PCT/random phase, starting from the PCT estimates `pct`. */
  | { readonly type: 'chunk'; readonly id: number; readonly from: number; readonly to: number; readonly pct: PctState };

/**
 * How the segment ended.
 * `exhausted`: the space is covered (the exploration ends at `at`);
 * `finished`: the search ended without covering it (a run was cut), the PCT/random phase starts at `at`;
 * `budget`: it reached its end index; `stopped`: a failure, a divergence or the deadline stopped it.
 *
 * @example
 * ```ts
 * const end: SegmentEnd = { at: 12, reason: 'exhausted', exhausted: true, stats: { classes: 12, sleepBlocked: 0, unreversible: 0 } };
 * ```
 */
export interface SegmentEnd {
  readonly at: number;
  readonly reason: 'exhausted' | 'finished' | 'budget' | 'stopped';
  /** The exhaustive strategy's `exhausted` after its last run. */
  readonly exhausted: boolean;
  /** The exhaustive strategy's `stats()` after its last run. */
  readonly stats: Readonly<Record<string, number>>;
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
