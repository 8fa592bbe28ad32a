/**
 * `interleave(options)`: the vitest plugin. It hands its options to the tests
 * through vitest's `provide`/`inject` (key `interleave`) and adds the summary
 * reporter next to whatever reporters vitest resolved (its defaults, the
 * config's or the `--reporter` flags), so vitest's own output is kept.
 */
import type { Vite, VitestPluginContext } from 'vitest/node';
// vitest's augmentation of vite's config type (the `test` key), also when built alone.
import type {} from 'vitest/config';
import { InterleaveReporter, type InterleaveReporterOptions } from './reporter.ts';
import type { InterleavePluginOptions } from './types.ts';

/**
 * The vitest plugin of interleave.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config';
 * import { interleave } from '@interleave/vitest';
 *
 * export default defineConfig({
 *   plugins: [interleave({ schedules: 500 })],
 * });
 * ```
 */
export function interleave(options: InterleavePluginOptions = {}): Vite.Plugin {
  const provided = plain(options);
  return {
    name: 'interleave',
    config: () => ({ test: { provide: { interleave: provided } } }),
    configureVitest({ vitest }: VitestPluginContext) {
      const reporters = vitest.config.reporters;
      if (reporters.some((r) => typeof r === 'object' && !Array.isArray(r) && 'isInterleaveReporter' in r)) return;
      const reporterOptions: InterleaveReporterOptions = {};
      if (options.outputFile !== undefined) reporterOptions.outputFile = options.outputFile;
      if (options.announce !== undefined) reporterOptions.announce = options.announce;
      reporters.push(new InterleaveReporter(reporterOptions));
    },
  };
}

/** The options without `undefined` fields: what crosses to the workers is JSON. */
function plain(options: InterleavePluginOptions): InterleavePluginOptions {
  return JSON.parse(JSON.stringify(options)) as InterleavePluginOptions;
}
