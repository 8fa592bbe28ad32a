/**
 * The strategy interface: how the explorer asks for schedules. A strategy
 * creates one core `Scheduler` per schedule, is told each result, and says when
 * it has covered its whole space. Users can plug in their own.
 *
 * Invariants every strategy keeps:
 * - Determinism: the schedulers it returns depend only on the schedule index,
 *   the per-schedule seed and the results reported so far (never on time).
 * - `next` and `report` alternate: `report` is called once for the result of
 *   the scheduler the last `next` returned, before the next `next`.
 */
import type { RunResult, Scheduler } from '../core.ts';
import type { Recorder } from '../trace/recorder.ts';
import type { ScheduleShard } from '../types.ts';

/**
 * What a strategy knows about the schedule it is asked for.
 *
 * @example
 * ```ts
 * const scheduler = strategy.next({ index: 0, seed: '0:0', recorder: new Recorder() });
 * ```
 */
export interface ScheduleContext {
  /** 0-based index of the schedule in the exploration. */
  readonly index: number;
  /** Seed of this schedule, derived from the exploration's seed and `index`. */
  readonly seed: string;
  /** Records the run's decisions, hashes, and (when the strategy wants a trace) steps with footprints; one of the run's monitors. */
  readonly recorder: Recorder;
}

/**
 * A way of choosing schedules.
 *
 * @example
 * ```ts
 * const firstChoice: Strategy = {
 *   name: 'first', exhausted: false,
 *   next: () => ({ choose: () => 0 }),
 *   report: () => {},
 * };
 * await explore(program, { strategy: firstChoice, schedules: 1 });
 * ```
 */
export interface Strategy {
  readonly name: string;
  /** The scheduler for the next schedule, or undefined when there is none left. */
  next(ctx: ScheduleContext): Scheduler | undefined;
  /** The result of the schedule the last `next` produced. */
  report(result: RunResult, ctx: ScheduleContext): void;
  /** True once every schedule of its space (under its bounds) has been run. */
  readonly exhausted: boolean;
  /**
   * Set when the program did not behave the same under the same decisions (it
   * depends on something interleave does not control); explore reports it.
   */
  readonly nondeterminism?: string | undefined;
  /**
   * Whether schedule `index` needs the recorder to keep every step with its
   * footprint (partial-order reduction does; it costs time). Default false.
   */
  wantsTrace?(index: number): boolean;
  /** Deterministic counters for statistics (classes explored, ...). */
  stats?(): Readonly<Record<string, number>>;
  /**
   * Whether this machine runs schedule `index` when the exploration is one shard
   * of several (`ExploreOptions.scheduleShard`). Default: the indexes with
   * `index % count === shard index - 1`. The exhaustive search says yes to every
   * index (its shard's part is a set of prefixes, not of indexes), and so does
   * the portfolio for the indexes its exhaustive part runs.
   */
  ownsSchedule?(index: number): boolean;
}

/**
 * Options every built-in strategy factory accepts.
 *
 * @example
 * ```ts
 * const s = strategies.pct({ schedules: 1000, pctDepth: 3 });
 * ```
 */
export interface StrategyOptions {
  /** Budget of executions of the exploration. */
  readonly schedules: number;
  /** CHESS-style bound on preemptions (exhaustive). */
  readonly maxPreemptions?: number | undefined;
  /** PCT bug depth d (default 3). */
  readonly pctDepth?: number | undefined;
  /** Partial-order reduction for exhaustive (default true; false: plain depth-first search). */
  readonly por?: boolean | undefined;
  /** Where shared state may live, for exhaustive's reduction (default 'anywhere'; see `ExploreOptions.sharedState`). */
  readonly sharedState?: 'anywhere' | 'objects' | undefined;
  /**
   * This machine's shard of the exploration (`ExploreOptions.scheduleShard`): the
   * exhaustive search (also the portfolio's) then covers only the prefixes of the
   * search tree the shard owns (see exhaustive.ts). Random and PCT ignore it (the
   * explorer gives them their indexes).
   */
  readonly shard?: ScheduleShard | undefined;
}

/**
 * Creates a fresh strategy for one exploration.
 *
 * @example
 * ```ts
 * const factory: StrategyFactory = (o) => strategies.random(o);
 * ```
 */
export type StrategyFactory = (options: StrategyOptions) => Strategy;
