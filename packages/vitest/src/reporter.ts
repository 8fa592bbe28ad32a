/**
 * The summary reporter the plugin adds next to vitest's own. At the end of a
 * run it prints what the interleave tests covered (one line per test with
 * vitest's `verbose` reporter or `announce: true`, else one line of totals),
 * lists every failed interleave test with its seed and replay command, adds the
 * run to the failures file (default `.interleave/failures.json` under vitest's
 * root; not when the run replays a token) and, in GitHub Actions, prints an
 * `::error` annotation per failure unless vitest's own `github-actions`
 * reporter already does, and a `::notice` with each failure's timeline page
 * (vitest's reporter drops that annotation: it has no line in the test file). With `INTERLEAVE_TIMELINE=1` (`--timeline`) it ends
 * with one `timeline: PATH` line per failing test that has a page.
 *
 * Where it writes: stdout, unless a reporter prints machine-readable output
 * there (`--reporter=json`, `junit`, `tap` without an output file): then
 * stderr, so that output stays valid. Colour only on a TTY.
 */
import { relative, resolve } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { coverageText, probability } from './coverage.ts';
import { appendRun } from './failures-file.ts';
import { getMeta } from './meta.ts';
import { annotations, summaryText, timelineNotices, toEntry, type FailureEntry } from './summary.ts';
import type { InterleaveMeta } from './types.ts';

/** Where the JSON goes when nothing else is said, relative to vitest's root. */
export const DEFAULT_OUTPUT_FILE = '.interleave/failures.json';

/** Options of {@link InterleaveReporter}. */
export interface InterleaveReporterOptions {
  /** JSON output, relative to vitest's root (or absolute). */
  outputFile?: string;
  /** One line per interleave test (default: when vitest's `verbose` reporter is on). */
  announce?: boolean;
  /** Where lines go (default: stdout, or stderr when stdout carries a machine-readable report). */
  write?: (text: string) => void;
  /** Colour (default: the stream is a TTY). */
  color?: boolean;
  /** Environment, for `GITHUB_ACTIONS`, `INTERLEAVE_REPLAY` and `INTERLEAVE_TIMELINE` (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Reporters whose output on stdout must stay untouched. */
const MACHINE = new Set(['json', 'junit', 'tap', 'tap-flat']);

/** What the reporter learns from vitest's configuration. */
interface Setup {
  root: string;
  verbose: boolean;
  machineStdout: boolean;
  vitestAnnotates: boolean;
  shard?: string;
}

/**
 * A vitest reporter for interleave tests. The plugin installs it; add it by
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
  private setup: Setup = { root: process.cwd(), verbose: false, machineStdout: false, vitestAnnotates: false };
  private readonly options: InterleaveReporterOptions;

  constructor(options: InterleaveReporterOptions = {}) {
    this.options = options;
  }

  onInit(vitest: Vitest): void {
    this.setup = setupOf(vitest);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const env = this.options.env ?? process.env;
    const tests = collectTests(testModules);
    const failures = tests.filter((t) => t.failed).map((t) => t.entry);
    const file = resolve(this.setup.root, this.options.outputFile ?? DEFAULT_OUTPUT_FILE);
    const replaying = env.INTERLEAVE_REPLAY !== undefined && env.INTERLEAVE_REPLAY !== '';
    if (!replaying) appendRun(file, { time: new Date().toISOString(), ...(this.setup.shard ? { shard: this.setup.shard } : {}), failures });
    if (!tests.length) return;
    const stream = this.setup.machineStdout ? process.stderr : process.stdout;
    const write = this.options.write ?? ((text: string) => stream.write(`${text}\n`));
    const c = new Chalk({ level: (this.options.color ?? stream.isTTY === true) ? 1 : 0 });
    const announce = this.options.announce ?? this.setup.verbose;
    write(coverageLines(tests, c, announce));
    if (failures.length) write(summaryText(failures, c, replaying ? undefined : relative(process.cwd(), file) || file));
    if (env.GITHUB_ACTIONS === 'true') {
      if (!this.setup.vitestAnnotates) for (const line of annotations(failures)) write(line);
      for (const line of timelineNotices(failures)) write(line);
    }
    if (env.INTERLEAVE_TIMELINE === '1') for (const t of tests) if (t.failed && t.meta.timeline !== undefined) write(`timeline: ${t.meta.timeline}`);
  }
}

function setupOf(vitest: Vitest): Setup {
  const config = vitest.config;
  const names = (config.reporters ?? []).map((r) => (typeof r === 'string' ? [r, {}] : Array.isArray(r) ? r : [undefined, {}]) as [unknown, unknown]);
  const outputFile = config.outputFile as string | Record<string, string> | undefined;
  const toStdout = (name: string, options: unknown): boolean => {
    const own = typeof options === 'object' && options !== null && 'outputFile' in options ? (options as { outputFile?: unknown }).outputFile : undefined;
    return own === undefined && (typeof outputFile === 'string' ? false : outputFile?.[name] === undefined);
  };
  const shard = config.shard as { index: number; count: number } | undefined;
  const setup: Setup = {
    root: config.root,
    verbose: names.some(([n]) => n === 'verbose'),
    machineStdout: names.some(([n, o]) => typeof n === 'string' && MACHINE.has(n) && toStdout(n, o)),
    vitestAnnotates: names.some(([n]) => n === 'github-actions'),
  };
  if (shard && shard.count > 1) setup.shard = `${shard.index}/${shard.count}`;
  return setup;
}

/** One interleave test as the reporter sees it. */
interface Seen {
  meta: InterleaveMeta;
  entry: FailureEntry;
  failed: boolean;
  state: string;
}

/**
 * Every test that an interleave test declared, in module order.
 *
 * @example
 * ```ts
 * collectTests(testModules).filter((t) => t.failed);
 * ```
 */
export function collectTests(testModules: ReadonlyArray<TestModule>): Seen[] {
  const out: Seen[] = [];
  for (const mod of testModules) {
    for (const tc of mod.children.allTests()) {
      const meta = getMeta(tc.meta());
      if (!meta) continue;
      const result = tc.result();
      const failed = result.state === 'failed';
      out.push({ meta, failed, state: result.state, entry: toEntry(meta, failed ? result.errors[0]?.message : undefined) });
    }
  }
  return out;
}

/**
 * Every failed interleave test, in module order.
 *
 * @example
 * ```ts
 * collectFailures(testModules).map((e) => e.command);
 * ```
 */
export function collectFailures(testModules: ReadonlyArray<TestModule>): FailureEntry[] {
  return collectTests(testModules).filter((t) => t.failed).map((t) => t.entry);
}

/** One line per test (announce) or the totals. */
function coverageLines(tests: readonly Seen[], c: ChalkInstance, announce: boolean): string {
  const explored = tests.filter((t) => t.meta.coverage !== undefined);
  const schedules = explored.reduce((n, t) => n + (t.meta.coverage?.schedules ?? 0), 0);
  const complete = explored.filter((t) => t.meta.coverage?.complete === true).length;
  const lines: string[] = [];
  if (announce) {
    for (const t of tests) {
      const mark = t.failed ? c.red('✗') : c.green('✓');
      const covered = t.meta.coverage ? coverageText(t.meta.coverage) : t.failed ? 'stopped before the end' : 'replayed';
      lines.push(`${c.dim('[interleave]')} ${mark} ${t.meta.file} > ${t.meta.name}: ${covered}; seed ${t.meta.seed} (run seed ${t.meta.runSeed})`);
    }
  }
  const n = tests.length;
  if (!explored.length) lines.push(`${c.dim('[interleave]')} ${n} test${n === 1 ? '' : 's'} replayed`);
  else lines.push(`${c.dim('[interleave]')} ${n} test${n === 1 ? '' : 's'}: ${schedules} schedule${schedules === 1 ? '' : 's'} explored, ${complete} of ${n} complete${shardParts(explored, n)}`);
  const chance = largestChance(explored);
  if (chance !== undefined) lines.push(`${c.dim('[interleave]')} of those not complete, ${chance}`);
  return lines.join('\n');
}

/** `, 2 of 3 with shard 1/2's part complete` under `--explore-shard` (one shard never completes a test alone), else ''. */
function shardParts(explored: readonly Seen[], n: number): string {
  const shard = explored.find((t) => t.meta.coverage?.shard !== undefined)?.meta.coverage?.shard;
  if (shard === undefined) return '';
  const parts = explored.filter((t) => t.meta.coverage?.shard?.complete === true).length;
  return `, ${parts} of ${n} with shard ${shard.index}/${shard.count}'s part complete`;
}

/** The incomplete exploration most likely to show a new class next, as a sentence (Good–Turing; see the explorer's estimate.ts). */
function largestChance(explored: readonly Seen[]): string | undefined {
  let top: Seen | undefined;
  for (const t of explored) {
    const p = t.meta.coverage?.complete === false ? t.meta.coverage.newClassChance : undefined;
    if (p !== undefined && (top === undefined || p > (top.meta.coverage?.newClassChance ?? 0))) top = t;
  }
  const p = top?.meta.coverage?.newClassChance;
  if (top === undefined || p === undefined) return undefined;
  return `${top.meta.file} > ${top.meta.name} is the most likely to show a new interleaving class in its next schedule: p ≈ ${probability(p)} (Good–Turing)`;
}
