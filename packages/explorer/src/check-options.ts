/**
 * Checks of `explore`'s and `replay`'s arguments, made before anything runs: a
 * negative preemption bound or a NaN budget is a bug in the test, and silently
 * reading it as something else would make every claim after it ("complete",
 * "no failure in 1,000 schedules") false. Each is a `UsageError` naming the
 * option and its value.
 */
import { UsageError, describeThrown } from './core.ts';
import type { ExploreOptions } from './types.ts';

type Check = (v: number) => boolean;

const integerAtLeast = (min: number): Check => (v) => v === Infinity || (Number.isSafeInteger(v) && v >= min);

/** What each numeric option must be, and how a message says it. */
const NUMERIC: readonly [keyof ExploreOptions, Check, string][] = [
  ['schedules', integerAtLeast(0), 'a non-negative integer (or Infinity)'],
  ['maxSteps', integerAtLeast(1), 'a positive integer (or Infinity)'],
  ['maxPreemptions', integerAtLeast(0), 'a non-negative integer (or Infinity: no bound)'],
  ['pctDepth', (v) => Number.isSafeInteger(v) && v >= 1, 'a positive integer'],
  ['timeBudgetMs', (v) => v >= 0, 'a non-negative number of milliseconds (or Infinity)'],
];

function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : describeThrown(v);
}

/**
 * Throws a UsageError for the first option of `options` that no exploration can honour.
 *
 * @example
 * ```ts
 * checkExploreOptions({ maxPreemptions: -1 }); // throws: interleave: explore(program, options): options.maxPreemptions must be a non-negative integer (or Infinity: no bound), got -1
 * ```
 */
export function checkExploreOptions(options: ExploreOptions): void {
  for (const [name, ok, what] of NUMERIC) {
    const v = options[name];
    if (v !== undefined && (typeof v !== 'number' || !ok(v))) {
      throw new UsageError(`explore(program, options): options.${name} must be ${what}, got ${show(v)}`);
    }
  }
  const follow: unknown = options.followPromises;
  if (follow !== undefined && typeof follow !== 'boolean') {
    throw new UsageError(`explore(program, options): options.followPromises must be true or false, got ${show(follow)}`);
  }
  checkShard(options);
}

/**
 * Throws a UsageError unless `options.workers` is a positive integer, with
 * `programModule` when it is more than 1 (`explore` only: `exploreWith` runs in
 * this thread and does not look at `workers`).
 *
 * @example
 * ```ts
 * checkWorkers({ workers: 0 }); // throws: interleave: explore(program, options): options.workers must be a positive integer, got 0
 * ```
 */
export function checkWorkers(options: ExploreOptions): void {
  const workers: unknown = options.workers;
  if (workers === undefined) return;
  if (typeof workers !== 'number' || !Number.isSafeInteger(workers) || workers < 1) {
    throw new UsageError(`explore(program, options): options.workers must be a positive integer, got ${show(workers)}`);
  }
  if (workers > 1 && options.programModule === undefined) {
    throw new UsageError(
      'explore(program, options): options.workers > 1 needs options.programModule: worker threads cannot receive a function, they import it. ' +
      "Export the program from a module without side effects and pass { programModule: { module: new URL('./programs.ts', import.meta.url), export: 'program' } }",
    );
  }
}

/**
 * A shard is `{ index, count }` with 1 <= index <= count, of a built-in strategy:
 * random and PCT are split by schedule index, exhaustive search (and the
 * portfolio's) by the prefixes of its tree (types.ts, ScheduleShard). A custom
 * strategy object cannot be split: nothing says which of its schedules are whose.
 */
function checkShard(options: ExploreOptions): void {
  const shard: unknown = options.scheduleShard;
  if (shard === undefined) return;
  const { index, count } = (typeof shard === 'object' && shard !== null ? shard : {}) as { index?: unknown; count?: unknown };
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(index) || (count as number) < 1 || (index as number) < 1 || (index as number) > (count as number)) {
    throw new UsageError(`explore(program, options): options.scheduleShard must be { index, count } with integers 1 <= index <= count, got ${show(shard)}`);
  }
  if (typeof options.strategy === 'object') {
    throw new UsageError(
      'explore(program, options): options.scheduleShard needs a built-in strategy (random, pct, exhaustive or portfolio), got a custom strategy object: ' +
      'nothing says which of its schedules belong to which shard',
    );
  }
}

/**
 * Throws a UsageError unless `token` is a string (what `replay` parses) and `maxSteps`, when given, a step limit.
 *
 * @example
 * ```ts
 * checkReplayArguments(42, undefined); // throws: interleave: replay(program, token): token must be a replay token (a string "il1.…"), got 42
 * ```
 */
export function checkReplayArguments(token: unknown, maxSteps: unknown): void {
  if (typeof token !== 'string') {
    throw new UsageError(`replay(program, token): token must be a replay token (a string "il1.…"), got ${show(token)}`);
  }
  if (maxSteps !== undefined && (typeof maxSteps !== 'number' || !integerAtLeast(1)(maxSteps))) {
    throw new UsageError(`replay(program, token, options): options.maxSteps must be a positive integer (or Infinity), got ${show(maxSteps)}`);
  }
}
