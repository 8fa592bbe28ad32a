/**
 * `recordTimeline`: replays a failure's schedule (and the schedule as found,
 * when shrinking changed it) with source locations on and a
 * {@link TimelineMonitor}, and reads the source lines around every site it
 * saw, so that `timelineHtml` can render the page without reading anything.
 *
 * Source is read when the timeline is recorded (report time): the page shows
 * the code as it was then. A file that cannot be read is left out (the page
 * shows the site without code).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { coreEngine, type Engine, type Finding, type Program, type SourceLocation } from '../core.ts';
import { replayWith } from '../replay.ts';
import type { Failure } from '../types.ts';
import { TimelineMonitor } from './monitor.ts';
import type { SourceSnippet, Timeline, TimelineTrace } from './types.ts';

/**
 * Options of {@link recordTimeline}.
 *
 * @example
 * ```ts
 * await recordTimeline(program, failure, { title: 'pool > drains', root: process.cwd() });
 * ```
 */
export interface TimelineOptions {
  /** The page's heading. Default: the finding's message. */
  title?: string;
  /** Sites are relative to this directory, and source files are read from it (default: the working directory). */
  root?: string;
  /** Lines shown above and below each site. Default 3. */
  context?: number;
  /** As given to `explore` (leaks the program expects). */
  ignoreLeaks?: string[];
}

/** A failure as `recordTimeline` needs it (an explorer `Failure`, or a replayed finding with its token). */
export type TimelineFailure = Pick<Failure, 'kind' | 'message' | 'text' | 'goroutines' | 'replay'> & {
  readonly steps?: number;
  readonly original?: { readonly replay: string };
};

/** Runs longer than this are replayed without source locations (a located step costs a stack capture). */
const LOCATED_STEPS = 50_000;

/**
 * Records the timeline of a failure: its schedule replayed with locations, the
 * original schedule too when shrinking changed it, and the source around them.
 *
 * @example
 * ```ts
 * const { failure } = await explore(program, { race: true });
 * const timeline = await recordTimeline(program, failure!, { title: 'lost update' });
 * writeFileSync('.interleave/timelines/lost-update.html', timelineHtml(timeline));
 * ```
 */
export function recordTimeline(program: Program, failure: TimelineFailure, options: TimelineOptions = {}): Promise<Timeline> {
  return recordTimelineWith(coreEngine(), program, failure, options);
}

/**
 * {@link recordTimeline} with another engine.
 *
 * @example
 * ```ts
 * await recordTimelineWith(coreEngine(), program, failure);
 * ```
 */
export async function recordTimelineWith<P>(engine: Engine<P>, program: P, failure: TimelineFailure, options: TimelineOptions = {}): Promise<Timeline> {
  const root = options.root ?? process.cwd();
  const locations = (failure.steps ?? 0) <= LOCATED_STEPS;
  const shrunk = await traceOf(engine, program, failure.replay, root, locations, options);
  const original = failure.original !== undefined && failure.original.replay !== failure.replay
    ? await traceOf(engine, program, failure.original.replay, root, locations, options)
    : undefined;
  const timeline: Timeline = {
    title: options.title ?? failure.message, kind: failure.kind, message: failure.message, text: failure.text,
    goroutines: [...failure.goroutines], shrunk, sources: sourcesOf([shrunk, ...(original ? [original] : [])], root, options.context ?? 3),
  };
  return original === undefined ? timeline : { ...timeline, original };
}

async function traceOf<P>(engine: Engine<P>, program: P, token: string, root: string, locations: boolean, options: TimelineOptions): Promise<TimelineTrace> {
  const monitor = new TimelineMonitor();
  const result = await replayWith(engine, program, token, {
    locations, root, monitors: [monitor], ...(options.ignoreLeaks ? { ignoreLeaks: options.ignoreLeaks } : {}),
  });
  return monitor.trace(token, result.findings);
}

/** Every site of the traces and their findings, with `context` lines around, merged per file. */
function sourcesOf(traces: readonly TimelineTrace[], root: string, context: number): Record<string, SourceSnippet[]> {
  const wanted = new Map<string, Set<number>>();
  const want = (site: Pick<SourceLocation, 'file' | 'line'> | undefined): void => {
    if (site === undefined) return;
    let lines = wanted.get(site.file);
    if (lines === undefined) wanted.set(site.file, (lines = new Set()));
    lines.add(site.line);
  };
  for (const t of traces) {
    for (const l of t.lanes) want(l.site);
    for (const s of t.steps) {
      want(s.site);
      for (const a of s.accesses) want(a.site);
    }
    for (const f of t.findings) for (const site of sitesIn(f)) want(site);
  }
  const out: Record<string, SourceSnippet[]> = {};
  for (const [file, lines] of [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const text = readSource(isAbsolute(file) ? file : resolve(root, file));
    if (text === undefined) continue;
    out[file] = snippets(text, [...lines].sort((a, b) => a - b), context);
  }
  return out;
}

/**
 * The `file:line:col` positions a finding's report names.
 *
 * @example
 * ```ts
 * sitesIn({ kind: 'race', message: '', text: '  cache.ts:36:20 in set', goroutines: [] }); // [{ file: 'cache.ts', line: 36, col: 20 }]
 * ```
 */
export function sitesIn(f: Pick<Finding, 'text'>): SourceLocation[] {
  const out: SourceLocation[] = [];
  for (const m of f.text.matchAll(SITE)) out.push({ file: m[1]!, line: Number(m[2]), col: Number(m[3]) });
  return out;
}

const SITE = /(?:^|[\s(])((?:[A-Za-z]:)?[^\s():]+\.(?:[cm]?[jt]sx?)):(\d+):(\d+)/gm;

function readSource(path: string): string[] | undefined {
  try {
    return readFileSync(path, 'utf8').split(/\r?\n/);
  } catch {
    return undefined;
  }
}

/** The lines around each of `lines` (1-based, ascending), overlapping ranges merged. */
function snippets(text: readonly string[], lines: readonly number[], context: number): SourceSnippet[] {
  const out: { from: number; to: number }[] = [];
  for (const line of lines) {
    const from = Math.max(1, line - context);
    const to = Math.min(text.length, line + context);
    const last = out[out.length - 1];
    if (last !== undefined && from <= last.to + 1) last.to = Math.max(last.to, to);
    else if (from <= to) out.push({ from, to });
  }
  return out.map(({ from, to }) => ({ from, lines: text.slice(from - 1, to) }));
}
