/**
 * `explore`'s options after defaults, shared by the in-process loop, the
 * worker-thread loop and the failure reports.
 *
 * Invariant: `base` holds the options of every run of the exploration (source
 * locations off: a report comes from one located re-run of its schedule).
 */
import type { EngineOptions, Monitor } from './core.ts';
import type { ExploreOptions } from './types.ts';

/**
 * Default budget of executions.
 *
 * @example
 * ```ts
 * (await explore(program)).schedules <= DEFAULT_SCHEDULES; // true
 * ```
 */
export const DEFAULT_SCHEDULES = 1000;

/**
 * Options after defaults.
 *
 * @example
 * ```ts
 * const o: Resolved = resolve({ schedules: 10 }, undefined);
 * o.base; // { leaks: true, locations: false }
 * ```
 */
export interface Resolved {
  readonly schedules: number;
  readonly seed: string;
  readonly race: boolean;
  readonly leaks: boolean;
  readonly stopOnFirstFailure: boolean;
  readonly shrink: boolean;
  /** `ExploreOptions.sharedState` after its default. */
  readonly sharedState: 'anywhere' | 'objects';
  readonly timeBudgetMs: number | undefined;
  /** Options of every run of the exploration (locations off: reports come from one located replay). */
  readonly base: EngineOptions;
  readonly maxSteps: number | undefined;
  /** `timerWindowMs` as given (core's default when absent); replay tokens carry it. */
  readonly timerWindowMs: number | undefined;
  /** `followPromises` as given (absent: follow once a plain promise is awaited); replay tokens carry a `false`. */
  readonly followPromises: boolean | undefined;
  /** Fresh monitors of every detector (`race: true`). */
  readonly detectors: (() => Monitor[]) | undefined;
}

/**
 * Applies the defaults; throws a RangeError on a budget that is not a non-negative integer.
 *
 * @example
 * ```ts
 * resolve({ race: true }, await loadDetectors()).stopOnFirstFailure; // true
 * ```
 */
export function resolve(options: ExploreOptions, detectors: (() => Monitor[]) | undefined): Resolved {
  const schedules = options.schedules ?? DEFAULT_SCHEDULES;
  if (!Number.isInteger(schedules) || schedules < 0) throw new RangeError(`schedules must be a non-negative integer, got ${schedules}`);
  const base: EngineOptions = { leaks: options.leaks ?? true, locations: false };
  if (options.maxSteps !== undefined) base.maxSteps = options.maxSteps;
  if (options.ignoreLeaks !== undefined) base.ignoreLeaks = options.ignoreLeaks;
  if (options.root !== undefined) base.root = options.root;
  if (options.timerWindowMs !== undefined) base.timerWindowMs = options.timerWindowMs;
  // Explicit in every run: core's own start-over would show a run twice to the exploration's recorder.
  base.followPromises = options.followPromises ?? false;
  return {
    schedules, seed: String(options.seed ?? 0), race: options.race ?? false, leaks: options.leaks ?? true,
    stopOnFirstFailure: options.stopOnFirstFailure ?? true, shrink: options.shrink ?? true, sharedState: options.sharedState ?? 'anywhere',
    timeBudgetMs: options.timeBudgetMs, base, maxSteps: options.maxSteps, timerWindowMs: options.timerWindowMs,
    followPromises: options.followPromises, detectors,
  };
}
