/**
 * @interleave/vitest: concurrency tests in a vitest suite. `interleave()` is the
 * plugin for vitest.config; `test`/`it` declare a test whose body is an
 * interleave program explored under many schedules. One explicit export list.
 *
 * @example
 * ```ts
 * import { test } from '@interleave/vitest';
 * import { go, chan } from '@interleave/core';
 *
 * test('hand-off', async () => {
 *   const ch = chan<number>();
 *   go(async () => { await ch.send(1); });
 *   await ch.recv();
 * });
 * ```
 */
export { interleave } from './plugin.ts';
export {
  test,
  it,
  type BuilderFixture,
  type DeclareEach,
  type DeclareFor,
  type DeclareProp,
  type DeclareTest,
  type EachFunction,
  type ExtendFunction,
  type FixtureFn,
  type FixtureOptions,
  type FixturesOf,
  type ForFunction,
  type InterleaveContext,
  type InterleaveTest,
  type PropFunction,
  type TestBody,
  type TestOptionsOf,
} from './test.ts';
export type { ScheduleHooks } from './schedule.ts';
export type { ArbitraryLike, PropParams } from './prop.ts';
export { InterleaveReporter, type InterleaveReporterOptions } from './reporter.ts';
export type { FailureEntry } from './summary.ts';
export type { FailuresDocument, FailuresRun } from './failures-file.ts';
export type { Coverage, ExploreSettings, InterleaveMeta, InterleavePluginOptions, InterleaveTestOptions, ReportedKind, StrategyName } from './types.ts';
