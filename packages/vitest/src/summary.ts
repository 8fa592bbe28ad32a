/**
 * The summary of a run's interleave failures, as data and as text: the JSON
 * document a CI job keeps as an artifact, the list printed at the end of the
 * run, and GitHub Actions annotations. Pure functions; reporter.ts does the I/O.
 */
import type { ChalkInstance } from 'chalk';
import type { InterleaveMeta, ReportedKind } from './types.ts';

/** One failed interleave test, as the JSON file lists it. */
export interface FailureEntry {
  /** Test file relative to the working directory. */
  file: string;
  /** Full test name (` > ` between describe blocks). */
  name: string;
  seed: number;
  runSeed: number;
  /** Pasteable: replays the failure (or re-runs the test when it failed without a finding, e.g. a timeout). */
  command: string;
  /** `command` as `interleave test` arguments: what `interleave replay TOKEN` runs. */
  args: string[];
  kind?: ReportedKind;
  message: string;
  replay?: string;
  schedule?: number;
  preemptions?: number;
  /** `file:line:col` the finding points at, relative to the working directory. */
  location?: string;
  /** The failure's timeline page (HTML), relative to the working directory. */
  timeline?: string;
}

/**
 * One entry from a failed test's meta; `error` is the test's first error message
 * for failures that carry no finding (a timeout, a thrown assertion).
 *
 * @example
 * ```ts
 * toEntry(testCase.meta().interleave!, 'Test timed out in 5000ms.');
 * ```
 */
export function toEntry(meta: InterleaveMeta, error: string | undefined): FailureEntry {
  const entry: FailureEntry = {
    file: meta.file,
    name: meta.name,
    seed: meta.seed,
    runSeed: meta.runSeed,
    command: meta.command,
    args: meta.args,
    message: meta.message ?? firstLine(error ?? 'failed'),
  };
  if (meta.kind !== undefined) entry.kind = meta.kind;
  if (meta.replay !== undefined) entry.replay = meta.replay;
  if (meta.schedule !== undefined) entry.schedule = meta.schedule;
  if (meta.preemptions !== undefined) entry.preemptions = meta.preemptions;
  if (meta.location !== undefined) entry.location = meta.location;
  if (meta.timeline !== undefined) entry.timeline = meta.timeline;
  return entry;
}

/**
 * The end-of-run list, one block per failure.
 *
 * @example
 * ```ts
 * console.log(summaryText(entries, new Chalk({ level: 0 }), '.interleave/failures.json'));
 * ```
 */
export function summaryText(entries: readonly FailureEntry[], c: ChalkInstance, outputFile: string | undefined): string {
  const n = entries.length;
  const lines = ['', c.bold.red(` interleave: ${n} failing concurrency test${n === 1 ? '' : 's'} `), ''];
  for (const e of entries) {
    lines.push(`  ${c.red('✗')} ${e.file} > ${c.bold(e.name)}`);
    lines.push(`    ${e.kind ? c.yellow(e.kind) + ': ' : ''}${withoutKind(e.message, e.kind)}`);
    if (e.location) lines.push(`    ${c.dim('at')} ${e.location}`);
    const pre = e.preemptions === undefined ? '' : `, ${e.preemptions} preemption${e.preemptions === 1 ? '' : 's'}`;
    const schedule = e.schedule !== undefined && e.kind ? `schedule ${e.schedule}, ` : '';
    lines.push(`    ${c.dim(`${schedule}seed ${e.seed} (run seed ${e.runSeed})${pre}`)}`);
    lines.push(`    ${c.dim(e.replay === undefined ? 're-run:' : 'replay:')} ${c.cyan(e.command)}`, '');
  }
  lines.push(c.dim(outputFile === undefined ? '  (a replay: the failures file is left as it was)' : `  (written to ${outputFile})`), '');
  return lines.join('\n');
}

/**
 * GitHub Actions `::error` workflow commands, one per failure, placed at the
 * finding's location (or the test file when the finding has none).
 *
 * @example
 * ```ts
 * annotations(entries); // ['::error file=src/pool.ts,line=12,col=5,title=interleave race::data race on cache%0Areplay: npx …']
 * ```
 */
export function annotations(entries: readonly FailureEntry[]): string[] {
  return entries.map((e) => workflowCommand('error', e, `interleave ${e.kind ?? 'failure'}: ${e.name}`, `${withoutKind(e.message, e.kind)}\nreplay: ${e.command}`));
}

/**
 * One GitHub `::notice` per failure with a timeline page, at the failure's location
 * (else its test file). vitest's own `github-actions` reporter shows only annotations
 * made at a line of the test file, and the page is attached from interleave's code,
 * so it never shows this one: printed here whichever reporter writes the errors.
 *
 * @example
 * ```ts
 * timelineNotices([entry]); // ['::notice file=src/a.spec.ts,line=12,col=5,title=interleave timeline%3A pool > drains::.interleave/timelines/a.spec.ts--pool-drains-3f1c2a9b.html']
 * ```
 */
export function timelineNotices(entries: readonly FailureEntry[]): string[] {
  return entries.flatMap((e) => (e.timeline === undefined ? [] : [workflowCommand('notice', e, `interleave timeline: ${e.name}`, e.timeline)]));
}

/** A GitHub workflow command at the failure's location (else its test file), escaped as GitHub needs. */
function workflowCommand(command: 'error' | 'notice', e: FailureEntry, title: string, message: string): string {
  const loc = parseLocation(e.location);
  const props = [`file=${escapeProperty(loc?.file ?? e.file)}`];
  if (loc) props.push(`line=${loc.line}`, `col=${loc.col}`);
  props.push(`title=${escapeProperty(title)}`);
  return `::${command} ${props.join(',')}::${escapeData(message)}`;
}

function parseLocation(location: string | undefined): { file: string; line: number; col: number } | undefined {
  const m = location === undefined ? null : /^(.*):(\d+):(\d+)$/.exec(location);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  return { file: m[1], line: Number(m[2]), col: Number(m[3]) };
}

/** GitHub's escaping of a workflow command's message. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a workflow command's property value. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `panic: boom` under the kind `panic` is shown as `boom`: the kind is printed before it. */
function withoutKind(message: string, kind: string | undefined): string {
  return kind !== undefined && message.startsWith(`${kind}: `) ? message.slice(kind.length + 2) : message;
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0] ?? s;
}
