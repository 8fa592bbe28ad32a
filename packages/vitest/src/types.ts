/**
 * The public shapes of @interleave/vitest: the options of the plugin and of one
 * test, and what a test leaves in its task's metadata for the summary reporter.
 *
 * The options cross from vitest's main process to its workers through
 * `provide`/`inject`, so they must stay plain JSON (no functions, no class
 * instances).
 */
import type { FindingKind } from '@interleave/core';

/** Names of the explorer's strategies (see @interleave/explorer). */
export type StrategyName = 'random' | 'pct' | 'exhaustive';

/**
 * What every level (a test, the plugin, the environment) may set about an
 * exploration. An absent field falls through to the next level.
 *
 * @example
 * ```ts
 * const opts: ExploreSettings = { schedules: 500, strategy: 'pct', race: true };
 * ```
 */
export interface ExploreSettings {
  /** Executions to run (the explorer's budget). */
  schedules?: number;
  /** The explorer's strategy; default: the explorer's own default. */
  strategy?: StrategyName;
  /** Run every detector: races, lock-order inversions, recursive locking, lock and channel cycles (what `--race` and `INTERLEAVE_RACE=1` switch on). */
  race?: boolean;
  /**
   * The run seed. A test explores with a seed derived from this one and the
   * test's full name, so filtering or reordering tests never changes it.
   */
  seed?: number;
  /** Report goroutines still blocked when the program returns. Default true. */
  leaks?: boolean;
  /** Bound on preemptions for the exhaustive strategy. */
  maxPreemptions?: number;
  /** PCT depth. */
  pctDepth?: number;
  /** Wall-clock budget of one exploration, in milliseconds. */
  timeBudgetMs?: number;
  /** Core's `timerWindowMs`: a timer due less than this many ms ahead may fire while goroutines run (default 1; 0 never). */
  timerWindowMs?: number;
  /**
   * Core's `followPromises`: whether goroutines (the test body included) may await plain
   * promises that code of the run settles (docs/async-code.md). Default: followed once a
   * schedule awaits one; `false`: such an await is a foreign-await finding.
   */
  followPromises?: boolean;
  /**
   * The explorer's `sharedState`: `'anywhere'` (default: plain JavaScript state may be
   * shared, so a complete exploration assumes nothing) or `'objects'` (the test declares
   * that all its shared state lives in interleave objects, and the exhaustive search
   * prunes on their dependencies).
   */
  sharedState?: 'anywhere' | 'objects';
}

/**
 * Options of one `test(name, program, options)`: the exploration settings plus
 * vitest's timeout for this test.
 *
 * @example
 * ```ts
 * test('transfer', program, { schedules: 2000, race: true, timeout: 30_000 });
 * ```
 */
export interface InterleaveTestOptions extends ExploreSettings {
  /** vitest's timeout for this test, in ms (default: vitest's `testTimeout`). */
  timeout?: number;
}

/**
 * Options of the `interleave()` plugin.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ plugins: [interleave({ schedules: 1000, outputFile: 'reports/interleave.json' })] });
 * ```
 */
export interface InterleavePluginOptions extends InterleaveTestOptions {
  /** Where the summary reporter writes its JSON list of failures, relative to vitest's root. Default `.interleave/failures.json`. */
  outputFile?: string;
  /**
   * Print one line per interleave test at the end of the run (schedules, complete
   * or not, classes, seed and how to re-run it). Default: with vitest's
   * `verbose` reporter only; otherwise the summary gives the totals.
   */
  announce?: boolean;
}

/**
 * What an interleave test stores in `task.meta.interleave`; the summary
 * reporter reads it. `kind`, `message` and `command` are present when the test
 * failed with a finding.
 *
 * @example
 * ```ts
 * testCase.meta().interleave?.command; // "npx interleave test a.spec.ts -t '^x$' --replay il1.…"
 * ```
 */
export interface InterleaveMeta {
  /** The seed the test explored with (derived from the run seed and the test's name). */
  seed: number;
  /** The run seed it was derived from. */
  runSeed: number;
  /** The test file, relative to the working directory. */
  file: string;
  /** The test's full name (describe blocks and test, joined with ` > `). */
  name: string;
  /** The command that re-runs this test: with `--replay` when it failed. */
  command: string;
  /** The same command as `interleave test` arguments (unquoted). */
  args: string[];
  kind?: ReportedKind;
  message?: string;
  /** The replay token of the failure. */
  replay?: string;
  /** 1-based index of the failing schedule. */
  schedule?: number;
  preemptions?: number;
  /** Where the finding points, relative to the working directory (`file:line:col`). */
  location?: string;
  /** The failure's timeline page, relative to the working directory. */
  timeline?: string;
  /** What the exploration covered (absent while it runs, or when it was cut off). */
  coverage?: Coverage;
}

/**
 * The kind a failure is reported as: a finding's kind, or `assertion` for an
 * `expect` (or any error with `actual` and `expected`) that failed in the
 * main goroutine.
 *
 * @example
 * ```ts
 * const kind: ReportedKind = 'assertion';
 * ```
 */
export type ReportedKind = FindingKind | 'assertion';

/**
 * What one exploration covered: schedules run, whether they were the whole
 * space (under the bounds given and the explorer's stated assumption), and the
 * distinct interleaving classes seen.
 *
 * @example
 * ```ts
 * const c: Coverage = { schedules: 30, complete: true, classes: 6 };
 * ```
 */
export interface Coverage {
  schedules: number;
  complete: boolean;
  /** Distinct interleaving classes run (absent for a property test, whose cases are fast-check's). */
  classes?: number;
  /** The assumption `complete` rests on, when the explorer states one. */
  assumption?: string;
  /** Classes exactly one schedule ran (the explorer's `coverage.seenOnce`). */
  seenOnce?: number;
  /** The Good–Turing estimate that the next schedule shows a new class (the explorer's `coverage.newClassChance`). */
  newClassChance?: number;
  /**
   * With `--explore-shard I/N` (N > 1): this machine's shard, and whether its part of the
   * exhaustive search was covered (`complete` is then false: one shard never covers the whole space).
   */
  shard?: { index: number; count: number; complete: boolean };
}

declare module 'vitest' {
  interface ProvidedContext {
    /** The plugin's options, for the tests (`inject('interleave')`). */
    interleave: InterleavePluginOptions;
  }
}
