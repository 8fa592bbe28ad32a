/**
 * Report text shared by the detectors, and the race report itself, laid out like
 * Go's `WARNING: DATA RACE`:
 *
 * ```text
 * ==================
 * WARNING: DATA RACE
 * Write at counter by goroutine 7:
 *   fixtures/x.ts:12:5
 *
 * Previous read at counter by goroutine 6:
 *   fixtures/x.ts:10:3
 *
 * Goroutine 7 (running) created at:
 *   fixtures/x.ts:20:3
 *
 * Goroutine 6 (finished) created at:
 *   fixtures/x.ts:19:3
 * ==================
 * ```
 *
 * Invariants: every function here is pure (text from its arguments); `message` is
 * one line; main is "main goroutine" and has no "created at" block, as in Go.
 */
import type { Finding, ObjectInfo, SourceLocation } from './core-types.ts';
import type { GoroutineTable } from './goroutines.ts';

/** The frame line Go prints between `==================` markers. */
export const RULE = '==================';

/** Stands for a location the run did not capture. */
export const NO_LOCATION = '(location not captured: re-run with locations on)';

/** `fixtures/x.ts:12:5`, or {@link NO_LOCATION}. */
export function formatSite(site: SourceLocation | undefined): string {
  if (site === undefined) return NO_LOCATION;
  return `${site.file}:${site.line}:${site.col}`;
}

/** An indented stack line: `  fixtures/x.ts:12:5 in worker`. */
export function siteLine(site: SourceLocation | undefined): string {
  if (site === undefined) return `  ${NO_LOCATION}`;
  return `  ${formatSite(site)}${site.fn !== undefined && site.fn !== '' ? ` in ${site.fn}` : ''}`;
}

/** The name reports use for a runtime object: its own name, else `mutex#4`. */
export function objectName(o: ObjectInfo): string {
  return o.name ?? `${o.kind}#${o.id}`;
}

/** `main goroutine` or `goroutine 7`, as Go words it. */
export function goroutineLabel(g: number): string {
  return g === 1 ? 'main goroutine' : `goroutine ${g}`;
}

/**
 * The "Goroutine 7 (running) created at:" blocks of the given goroutines, in
 * order, skipping main and duplicates; each block is preceded by a blank line.
 */
export function creationBlocks(goroutines: readonly number[], table: GoroutineTable): string[] {
  const lines: string[] = [];
  const seen = new Set<number>();
  for (const g of goroutines) {
    if (g === 1 || seen.has(g)) continue;
    seen.add(g);
    const r = table.get(g);
    const name = r.name !== undefined ? ` "${r.name}"` : '';
    lines.push('', `Goroutine ${g}${name} (${r.finished ? 'finished' : 'running'}) created at:`, siteLine(r.createdAt));
  }
  return lines;
}

/** What an access did: plain memory reads and writes, an atomic operation's, or a WaitGroup's add (from zero) and wait. */
export type AccessOp = 'read' | 'write' | 'atomic read' | 'atomic write' | 'WaitGroup.add' | 'WaitGroup.wait';

/** One access of a race: by whom, what, where. */
export interface AccessInfo {
  readonly g: number;
  readonly op: AccessOp;
  readonly site: SourceLocation | undefined;
}

/** The special explanation of a WaitGroup race (Go models `add` from zero racing with `wait` this way). */
export const WAITGROUP_MISUSE =
  'WaitGroup.add called concurrently with wait: add must happen before wait, not inside the spawned goroutine';

/** `Goroutine 7` from `goroutine 7`: the start of a sentence. */
export function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The `race` finding of two conflicting accesses to `object`, `current` being the
 * later one.
 *
 * @example
 * ```ts
 * raceFinding(obj, { g: 3, op: 'write', site }, { g: 2, op: 'read', site: prev }, table).text;
 * // '==================\nWARNING: DATA RACE\nWrite at counter by goroutine 3:\n  ...'
 * ```
 */
export function raceFinding(object: ObjectInfo, current: AccessInfo, previous: AccessInfo, table: GoroutineTable): Finding {
  const name = objectName(object);
  const cur = current.op;
  const prev = previous.op;
  const lines = [
    RULE,
    'WARNING: DATA RACE',
    `${capitalized(cur)} at ${name} by ${goroutineLabel(current.g)}:`,
    siteLine(current.site),
    '',
    `Previous ${prev} at ${name} by ${goroutineLabel(previous.g)}:`,
    siteLine(previous.site),
    ...creationBlocks([current.g, previous.g], table),
  ];
  const pair = `${cur} by ${goroutineLabel(current.g)}${where(current)}, previous ${prev} by ${goroutineLabel(previous.g)}${where(previous)}`;
  let message = `data race on ${name}: ${pair}`;
  if (cur.startsWith('WaitGroup.')) {
    lines.push('', WAITGROUP_MISUSE);
    message = `${WAITGROUP_MISUSE} (${name}: ${pair})`;
  }
  lines.push(RULE);
  return { kind: 'race', message, text: lines.join('\n'), goroutines: [current.g, previous.g] };
}

/** ` at fixtures/x.ts:12:5` for an access with a location, else nothing. */
function where(a: AccessInfo): string {
  return a.site === undefined ? '' : ` at ${formatSite(a.site)}`;
}
