/**
 * The summary reporter the plugin adds next to vitest's own: at the end of a
 * run it lists every failed interleave test with its replay command, writes
 * them as JSON (default `.interleave/failures.json` under vitest's root) and,
 * in GitHub Actions, prints `::error` annotations. Colour only on a TTY.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { Chalk } from 'chalk';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { getMeta } from './meta.ts';
import { annotations, summaryText, toEntry, type FailureEntry, type FailuresDocument } from './summary.ts';

/** Where the JSON goes when nothing else is said, relative to vitest's root. */
export const DEFAULT_OUTPUT_FILE = '.interleave/failures.json';

/** Options of {@link InterleaveReporter}. */
export interface InterleaveReporterOptions {
  /** JSON output, relative to vitest's root (or absolute). */
  outputFile?: string;
  /** Where lines go (default: stdout). */
  write?: (text: string) => void;
  /** Colour (default: stdout is a TTY). */
  color?: boolean;
  /** Environment, for `GITHUB_ACTIONS` (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A vitest reporter for interleave failures. The plugin installs it; add it by
 * hand only when not using the plugin.
 *
 * @example
 * ```ts
 * export default defineConfig({ test: { reporters: ['default', new InterleaveReporter({ outputFile: 'out/il.json' })] } });
 * ```
 */
export class InterleaveReporter implements Reporter {
  /** Marks the instance, so the plugin adds one reporter only (also across module copies). */
  readonly isInterleaveReporter = true;
  /** Set by `onInit`; the JSON path is resolved against its root. */
  private root = process.cwd();
  private readonly options: InterleaveReporterOptions;

  constructor(options: InterleaveReporterOptions = {}) {
    this.options = options;
  }

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const entries = collectFailures(testModules);
    const file = resolve(this.root, this.options.outputFile ?? DEFAULT_OUTPUT_FILE);
    const doc: FailuresDocument = { version: 1, failures: entries };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
    if (!entries.length) return;
    const write = this.options.write ?? ((text: string) => process.stdout.write(`${text}\n`));
    const color = this.options.color ?? process.stdout.isTTY === true;
    write(summaryText(entries, new Chalk({ level: color ? 1 : 0 }), relative(process.cwd(), file) || file));
    const env = this.options.env ?? process.env;
    if (env.GITHUB_ACTIONS === 'true') for (const line of annotations(entries)) write(line);
  }
}

/**
 * Every failed test that an interleave test declared, in module order.
 *
 * @example
 * ```ts
 * collectFailures(testModules).map((e) => e.command);
 * ```
 */
export function collectFailures(testModules: ReadonlyArray<TestModule>): FailureEntry[] {
  const out: FailureEntry[] = [];
  for (const mod of testModules) {
    for (const tc of mod.children.allTests()) {
      const meta = getMeta(tc.meta());
      const result = tc.result();
      if (!meta || result.state !== 'failed') continue;
      out.push(toEntry(meta, result.errors[0]?.message));
    }
  }
  return out;
}
