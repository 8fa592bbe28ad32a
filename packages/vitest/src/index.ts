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
export { test, it, type InterleaveTest } from './test.ts';
export { InterleaveReporter, type InterleaveReporterOptions } from './reporter.ts';
export type { FailureEntry, FailuresDocument } from './summary.ts';
export type { ExploreSettings, InterleaveMeta, InterleavePluginOptions, InterleaveTestOptions, StrategyName } from './types.ts';
