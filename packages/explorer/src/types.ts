/**
 * The public shapes of `explore`: options, result, failure, statistics
 * (API.md is binding for the names it lists; the others are additions).
 */
import type { Finding } from './core.ts';
import type { StrategyName } from './strategies/index.ts';
import type { Strategy } from './strategies/types.ts';

/**
 * Options of `explore`.
 *
 * @example
 * ```ts
 * await explore(program, { strategy: 'pct', schedules: 2000, seed: 42, race: true });
 * ```
 */
export interface ExploreOptions {
  /** Default: the portfolio (exhaustive, PCT and random by turns from the first schedule; see its file). */
  strategy?: StrategyName | Strategy;
  /** Budget of executions. Default 1000. */
  schedules?: number;
  /** Seed of the whole exploration; schedule `i` uses `${seed}:${i}`. Default 0. */
  seed?: number | string;
  /** Run every detector of @interleave/race-detector (races, lock order, recursive locking, lock and channel cycles). Default false. */
  race?: boolean;
  /** Report goroutines still blocked when main returns. Default true. */
  leaks?: boolean;
  /** CHESS-style bound on preemptions for the exhaustive strategy. Default: none. */
  maxPreemptions?: number;
  /** PCT depth d. Default 3. */
  pctDepth?: number;
  /**
   * Told how far the exploration got, every 256 schedules and at the end (for a
   * progress line). Never changes the result.
   */
  onProgress?: (progress: ExploreProgress) => void;
  /**
   * Wall-clock budget of the whole exploration: its schedules, the shrinking of
   * a failure and the located re-run that writes its report. It only ends the
   * exploration early: no run starts once it is spent (with workers, the
   * workers are stopped then, even in the middle of a schedule), and which
   * failure is reported for the schedules that did run never depends on it. A
   * failure whose located re-run did not fit is reported without source
   * locations, and its text says so.
   */
  timeBudgetMs?: number;
  /**
   * Cancels the exploration: once aborted, no further run starts (between
   * schedules, and between the runs of shrinking), worker threads are stopped,
   * and `explore` rejects with `signal.reason` (an `AbortError`, or the
   * `TimeoutError` of `AbortSignal.timeout`). Already aborted: it rejects
   * before running anything. `@interleave/vitest` passes the test's signal,
   * which aborts when the test times out.
   */
  signal?: AbortSignal;
  /** Stop at the first failing schedule. Default true. */
  stopOnFirstFailure?: boolean;
  /** Step limit of each run (core's default when absent). */
  maxSteps?: number;
  /**
   * Core's `timerWindowMs` for every run: a timer due less than this many ms ahead
   * may fire while goroutines are runnable (default 1; 0 never). Replay tokens
   * carry it (`w<ms>`), so `replay` runs with the same window.
   */
  timerWindowMs?: number;
  /**
   * Core's `followPromises` (goroutines may await plain promises: docs/async-code.md).
   * Default: schedules run without following until one awaits a plain promise; the
   * exploration then starts again from its first schedule, every run following
   * (deterministic: the same seed gives the same exploration). `true`: follow from the
   * start; `false`: never (such an await is a foreign-await finding).
   */
  followPromises?: boolean;
  /** Shrink failing schedules before reporting them. Default true. */
  shrink?: boolean;
  /** Partial-order reduction for the exhaustive strategy. Default true. */
  por?: boolean;
  /**
   * Where the program keeps the state its goroutines share, which decides what
   * partial-order reduction may take as independent (and so what `exhausted`
   * and `coverage.complete` promise):
   * - `'anywhere'` (default): plain JavaScript state (object fields, closures,
   *   arrays) may be shared, and interleave cannot see it, so steps of different
   *   goroutines are treated as possibly dependent. Sound for every program;
   *   the search is bigger.
   * - `'objects'`: the program declares that all its shared state lives in
   *   interleave objects (channels, `shared()`, `Atomic`, locks, ...); the
   *   reduction uses what each step did to them. A plain field written by two
   *   goroutines then goes unseen, and a complete exploration may miss its bugs.
   */
  sharedState?: 'anywhere' | 'objects';
  /**
   * Run only this shard's part of the exploration, to split it over several
   * machines (see {@link ScheduleShard}): every built-in strategy (a custom
   * strategy object cannot be split). Runs in this thread (`workers` is not used).
   * With more than one shard, `exhausted` and `coverage.complete` stay false (one
   * shard never covers the whole space); `ExploreResult.shard.exhausted` says
   * whether this shard's part was covered.
   */
  scheduleShard?: ScheduleShard;
  /** Goroutine names or creation sites that may outlive main (see core's RunOptions). */
  ignoreLeaks?: string[];
  /** Path prefix stripped from source locations in reports. */
  root?: string;
  /**
   * Worker threads that run schedules. Default 1: everything runs in this thread.
   * With more, `programModule` is required (a worker loads the program itself),
   * and the result is the same as with 1, byte for byte (see the README's
   * "Worker threads"). The exhaustive strategy and custom strategy objects run
   * in this thread whatever the number.
   */
  workers?: number;
  /** Where workers load the program from (required when `workers` > 1). */
  programModule?: ProgramModule;
}

/**
 * One of `count` parts of an exploration. Random and PCT schedules are split by
 * index: the schedules whose index `i` (0-based) has `i % count === index - 1`,
 * so the shards together run the whole budget. Exhaustive search is split by
 * the prefixes of its search tree (below). Each shard is deterministic on its own
 * (same program, options and shard: same output), and every failure's replay
 * token reproduces it on any machine, without the shard.
 *
 * - **random**: each schedule depends only on the seed and its index, so shard
 *   `index` runs exactly the schedules that the whole exploration runs at those
 *   indexes, with the same replay tokens. Each shard stops at its own first
 *   failure (unless `stopOnFirstFailure: false`): the failure with the lowest
 *   schedule number among the shards is the one the whole exploration reports.
 *   With `stopOnFirstFailure: false`, every failure the whole exploration lists is
 *   listed by the shard that owns its schedule; a shard dedupes only the findings
 *   it saw, so the shards may also list findings that the whole exploration took
 *   for repeats of earlier ones (same kind and locations).
 * - **pct**: schedule `i` also depends on PCT's estimates of the number of
 *   goroutines and of goroutine decisions in a run, the largest seen in earlier
 *   schedules. A shard learns them from its own schedules, so its schedule `i` is
 *   the whole exploration's schedule `i` only once their estimates agree (for a
 *   program whose runs all have the same size, from the shard's second schedule
 *   on). Every shard schedule keeps PCT's guarantee for the estimates it was made
 *   with, and its replay token reproduces it anywhere.
 * - **exhaustive**: the first decisions of a run (a split depth chosen from the
 *   first run, the same on every shard) are branched on fully; the prefixes they
 *   form are ranked in one depth-first order, and shard `index` searches, with
 *   partial-order reduction, below the prefixes of rank `r % count === index - 1`.
 *   The union of the shards' searches covers every interleaving class (every
 *   Mazurkiewicz trace) that one machine's covers, so once every shard's
 *   `ExploreResult.shard.exhausted` is true, every finding one machine can find
 *   was found by some shard. The shards' executions add up to at least one
 *   machine's (classes reached under two prefixes run twice, and each shard
 *   runs the first run of some prefixes it does not own, to find the next ones:
 *   `stats.strategy.discovery`). Each shard may use the whole `schedules` budget
 *   (its part needs about 1/count of the runs); its schedule numbers count its
 *   own runs. A budget that ends a shard's search before its part is covered
 *   leaves part of that shard's prefixes unexplored, which no other shard makes up.
 * - **portfolio** (the default): its exhaustive part as above, at every even
 *   index on every shard while its search has runs; its PCT and random
 *   schedules by index, as for those strategies.
 *
 * @example
 * ```ts
 * // CI machine 2 of 4, each with a quarter of 100,000 schedules:
 * await explore(program, { strategy: 'random', schedules: 100_000, scheduleShard: { index: 2, count: 4 } });
 * // CI machine 2 of 4 of the default strategy: a quarter of the exhaustive search's tree.
 * const r = await explore(program, { scheduleShard: { index: 2, count: 4 } });
 * r.shard?.exhausted; // this quarter covered (r.exhausted stays false)
 * ```
 */
export interface ScheduleShard {
  /** This shard, from 1 to `count` (as vitest's `--shard=index/count`). */
  index: number;
  /** How many shards the budget is split into. */
  count: number;
}

/**
 * What one shard of an exploration covered (`ExploreResult.shard`).
 *
 * @example
 * ```ts
 * const r = await explore(program, { scheduleShard: { index: 1, count: 2 } });
 * r.shard; // { index: 1, count: 2, exhausted: true }: the prefixes of shard 1 are covered, not the whole space
 * ```
 */
export interface ShardCoverage extends ScheduleShard {
  /**
   * This shard's part of the exhaustive search (of the portfolio's, with the
   * default strategy) was covered, under the bounds given. Never true for the
   * random or PCT strategies. Says nothing of the other shards' parts.
   */
  exhausted: boolean;
}

/**
 * A module export that is the program, for worker threads: they cannot receive a
 * function, so each imports the module (TypeScript through tsx) and takes the export.
 * The module should have no side effects besides defining programs.
 *
 * @example
 * ```ts
 * // programs.ts
 * export const program: Program = async () => { ... };
 * // test.ts
 * import { program } from './programs.ts';
 * await explore(program, { workers: 2, programModule: { module: new URL('./programs.ts', import.meta.url), export: 'program' } });
 * ```
 */
export interface ProgramModule {
  /** A file URL (`import.meta.url`, `new URL('./p.ts', import.meta.url)`) or a file path (relative to the working directory). */
  module: string | URL;
  /** The export's name. Default `'default'`. */
  export?: string;
}

/**
 * How far an exploration got, for `onProgress`.
 *
 * @example
 * ```ts
 * await explore(program, { onProgress: ({ schedules, failures }) => console.log(schedules, failures) });
 * ```
 */
export interface ExploreProgress {
  schedules: number;
  failures: number;
}

/**
 * A failing execution: the finding (the earliest of its execution, unless the
 * exploration lists every finding: see `ExploreResult.failures`), the 1-based
 * index of the schedule that found it, the token that replays it and the other
 * findings of that execution.
 *
 * @example
 * ```ts
 * const { failure } = await explore(program);
 * if (failure) console.log(failure.text, failure.replay);
 * ```
 */
export interface Failure extends Finding {
  /** Pass to `replay(program, token)` to reproduce the finding. */
  replay: string;
  /** 1-based index of the failing schedule. */
  schedule: number;
  /** Preemptions of the (shrunk) schedule that `replay` runs. */
  preemptions: number;
  /** Scheduling steps of that schedule. */
  steps: number;
  /** The interleaving, step by step (goroutine, operation, location), as text. Also the tail of `text`. */
  interleaving: string;
  /** The schedule as found, before shrinking. */
  original: { replay: string; preemptions: number; steps: number };
  /**
   * Every finding of the execution `replay` runs, in the order they happened
   * (this failure's own finding among them, without the interleaving): a race
   * seen at step 12 comes before the panic that ended the run.
   */
  findings: Finding[];
  /**
   * The timer-tie, timer-window and random (`latency`, `randomInt`) choices of the
   * schedule `replay` runs that decide the failure: answering any one of them
   * otherwise, every other decision as it was, gives a run with no finding (each
   * checked by a run). Empty when goroutine order alone decides it, or when the
   * time budget left no room to look; the report's text shows them under the
   * interleaving, each with the first step where the failing and the passing run part.
   */
  decisive: DecisiveChoice[];
}

/**
 * A choice that decided a failure (see {@link Failure.decisive}).
 *
 * @example
 * ```ts
 * const [c] = result.failure!.decisive;
 * // { step: 6, kind: 'timer', what: 'tie', options: 2, chose: 1, passesWith: 0 }
 * ```
 */
export interface DecisiveChoice {
  /** The (1-based) step of the interleaving that the decision came after (taken during or at the end of that step). */
  readonly step: number;
  readonly kind: 'timer' | 'random';
  /** `tie`: timers due at the same instant, which runs first; `window`: whether a timer due within the timer window fires while goroutines can run; `random`: a `randomInt` (a `latency`'s duration). */
  readonly what: 'tie' | 'window' | 'random';
  /** How many answers the decision had. */
  readonly options: number;
  /** The answer the failing schedule gave (0-based; a tie's answer is the index among the timers due, in the order they were armed). */
  readonly chose: number;
  /** An answer with which the run passes. */
  readonly passesWith: number;
}

/**
 * Statistics of an exploration. `schedulesPerSecond` and `elapsedMs` are
 * non-enumerable, so `JSON.stringify(result)` is the same in every run.
 *
 * @example
 * ```ts
 * const { stats } = await explore(program);
 * console.log(stats.classes, stats.schedulesPerSecond);
 * ```
 */
export interface ExploreStats {
  /** Distinct terminal states seen (findings, waiting goroutines, last writer of every object). */
  distinctStates: number;
  /** Distinct Mazurkiewicz traces (interleaving classes) run. */
  classes: number;
  /** Schedules that failed. */
  failingSchedules: number;
  /** The strategy's own counters (for exhaustive: classes, sleepBlocked, ...). */
  strategy: Readonly<Record<string, number>>;
  /** Non-enumerable. */
  readonly schedulesPerSecond: number;
  /** Non-enumerable. */
  readonly elapsedMs: number;
}

/**
 * What an exploration covered: whether every interleaving class of the program
 * was run (under the bounds given, over fair schedules), under which assumption
 * about shared state, how many distinct classes its schedules fell in, and how
 * many schedules it ran.
 *
 * @example
 * ```ts
 * const { coverage } = await explore(program, { sharedState: 'objects' });
 * // { complete: true, assumption: 'all shared state lives in interleave objects', classes: 3, schedules: 5, seenOnce: 1, newClassChance: 0 }
 * ```
 */
export interface Coverage {
  /** Every class was run (the same as `ExploreResult.exhausted`). */
  complete: boolean;
  /** The assumption `complete` rests on, as a sentence. */
  assumption: string;
  /** Distinct interleaving classes (Mazurkiewicz traces over interleave objects) the schedules ran. */
  classes: number;
  /** Schedules run. */
  schedules: number;
  /** Classes that exactly one schedule ran. */
  seenOnce: number;
  /**
   * Good–Turing estimate (I. J. Good, Biometrika 1953) of the probability that
   * the next schedule shows a class not seen yet: `seenOnce / schedules`; 0 when
   * `complete`, 1 before any schedule. A sampling estimate: meaningful for
   * random and PCT schedules; under the exhaustive search (each class run about
   * once) it stays near 1 until the search completes (see docs/explorer.md).
   */
  newClassChance: number;
}

/**
 * What `explore` returns.
 *
 * @example
 * ```ts
 * const r = await explore(program, { strategy: 'exhaustive' });
 * expect(r.ok).toBe(true);
 * ```
 */
export interface ExploreResult {
  ok: boolean;
  /** Executions run. */
  schedules: number;
  /**
   * The whole space, under the bounds given, was covered (equals
   * `coverage.complete`). Always false for one shard of several
   * (`scheduleShard` with `count` > 1): see `shard.exhausted`.
   */
  exhausted: boolean;
  /**
   * With `scheduleShard`: which shard this was, and whether its part of the
   * exhaustive search (or of the portfolio's) was covered. When every shard
   * 1..count says `exhausted`, the shards together covered the whole space.
   */
  shard?: ShardCoverage;
  /** What the exploration covered, and under which assumption. */
  coverage: Coverage;
  /** The first failure: the earliest finding of the first failing execution. */
  failure?: Failure;
  /**
   * With `stopOnFirstFailure: false`: every distinct finding of the exploration
   * (by kind and source locations), in the order they were found (schedule,
   * then order within it); `failure` is the first.
   */
  failures?: Failure[];
  stats: ExploreStats;
}
