/**
 * The interleaving part of a failure report: a monitor that logs the steps of
 * a replay run with source locations on, and the text that shows the steps
 * leading to the failure (goroutine, operation, location), marking preemptions.
 *
 * Memory: the log keeps only the last {@link SHOWN_STEPS} steps (a failing
 * livelock runs millions), plus goroutine and object names.
 *
 * Invariant: `StepLog.recent()` lists steps `total - n .. total - 1` of the run
 * it observed, n = min(total, SHOWN_STEPS), in order.
 */
import type { BlockEvent, Monitor, ObjectInfo, PendingOp, SourceLocation, SpawnEvent } from './core.ts';

/**
 * One logged step.
 *
 * @example
 * ```ts
 * const s: LoggedStep = log.recent()[0]!.step; // { g: 1, op: { kind: 'start', object: 0 }, site: undefined }
 * ```
 */
export interface LoggedStep {
  readonly g: number;
  readonly op: PendingOp;
  /** The first source location seen during the step. */
  site: SourceLocation | undefined;
  /** Where the step's operation was called (a first step: where the goroutine was created; a timer callback's: where it was armed). */
  readonly origin?: SourceLocation | undefined;
}

/**
 * Logs the last steps, goroutine names and object names.
 *
 * @example
 * ```ts
 * const log = new StepLog();
 * await run(program, { replay: token, locations: true, monitors: [log] });
 * formatInterleaving(log, new Set(), 1);
 * ```
 */
export class StepLog implements Monitor {
  /** Steps seen. */
  total = 0;
  readonly names = new Map<number, string | undefined>([[1, 'main']]);
  readonly objects = new Map<number, ObjectInfo>();
  /** The last `keep` steps; step i is at i % keep. */
  private readonly ring: LoggedStep[] = [];
  private last: LoggedStep | undefined;

  /** `keep`: how many of the last steps to keep (a report shows {@link SHOWN_STEPS}). */
  constructor(private readonly keep = SHOWN_STEPS) {}

  step(_step: number, g: number, op: PendingOp, origin?: SourceLocation): void {
    const s: LoggedStep = { g, op, site: undefined, origin };
    this.ring[this.total % this.keep] = s;
    this.last = s;
    this.total++;
  }

  /** The last steps kept ({@link SHOWN_STEPS} at most), each with its 0-based index in the run, in order. */
  recent(): { index: number; step: LoggedStep }[] {
    const from = Math.max(0, this.total - Math.min(this.keep, SHOWN_STEPS));
    const out: { index: number; step: LoggedStep }[] = [];
    for (let i = from; i < this.total; i++) out.push({ index: i, step: this.ring[i % this.keep]! });
    return out;
  }

  /** Step `i` (0-based), when it is among the steps kept. */
  at(i: number): LoggedStep | undefined {
    return i >= 0 && i < this.total && i >= this.total - this.keep ? this.ring[i % this.keep] : undefined;
  }

  spawn(e: SpawnEvent): void {
    this.names.set(e.child, e.name);
    this.note(e.site);
  }

  sync(_g: number, object: ObjectInfo): void {
    this.objects.set(object.id, object);
  }

  access(_g: number, object: ObjectInfo, _w: boolean, _a: boolean, site: SourceLocation | undefined): void {
    this.objects.set(object.id, object);
    this.note(site);
  }

  lock(_g: number, object: ObjectInfo, _h: boolean, _s: boolean, site: SourceLocation | undefined): void {
    this.objects.set(object.id, object);
    this.note(site);
  }

  block(e: BlockEvent): void {
    for (const o of e.objects) this.objects.set(o.id, o);
    this.note(e.site);
  }

  private note(site: SourceLocation | undefined): void {
    const s = this.last;
    if (s !== undefined && s.site === undefined && site !== undefined) s.site = site;
  }
}

/**
 * How many steps a report shows at most (the last ones).
 *
 * @example
 * ```ts
 * formatInterleaving(log, new Set(), 0).split('\n').length <= SHOWN_STEPS + 1; // true
 * ```
 */
export const SHOWN_STEPS = 24;

/**
 * The interleaving as text: the last {@link SHOWN_STEPS} steps, one per line,
 * `*` marking a step that preempted a goroutine that could go on.
 *
 * @example
 * ```ts
 * formatInterleaving(log, new Set([4]), 1);
 * // interleaving: 9 steps, 1 preemption (* marks it)
 * //    4 * g2 worker   atomic.load counter   counter.test.ts:12:9
 * ```
 */
export function formatInterleaving(log: StepLog, preempting: ReadonlySet<number>, preemptions: number): string {
  const total = log.total;
  const recent = log.recent();
  const from = recent[0]?.index ?? 0;
  const plural = preemptions === 1 ? 'preemption' : 'preemptions';
  const marks = preemptions === 0 ? '' : ` (* marks ${preemptions === 1 ? 'it' : 'them'})`;
  const head = `interleaving: ${total} steps, ${preemptions} ${plural}${marks}` +
    (from > 0 ? `, last ${total - from} shown` : '');
  // Each goroutine is named once, for the column's width and its row.
  const whos = recent.map(({ step }) => whoOf(log, step));
  const width = widthOf(whos);
  const rows = recent.map(({ index: i, step: s }, k) => formatStep(log, i, s, preempting.has(i) ? '*' : ' ', width, whos[k]));
  return [head, ...rows].join('\n');
}

/** Goroutine `s.g` as a row names it: `g3 worker`. */
function whoOf(log: StepLog, s: LoggedStep): string {
  const name = log.names.get(s.g);
  return `g${s.g}${name === undefined ? '' : ` ${name}`}`;
}

/**
 * The width of the goroutine column for `steps`: its widest entry, at least 16 (`g4 setImmediate callback`).
 *
 * @example
 * ```ts
 * whoWidth(log, [log.at(3)!]); // 16
 * ```
 */
export function whoWidth(log: StepLog, steps: readonly LoggedStep[]): number {
  return widthOf(steps.map((s) => whoOf(log, s)));
}

function widthOf(whos: readonly string[]): number {
  return whos.reduce((w, who) => Math.max(w, who.length), 16);
}

/**
 * Step `i` (0-based) of the interleaving as a row: number, `mark`, goroutine, operation, location.
 *
 * @example
 * ```ts
 * formatStep(log, 3, log.at(3)!, '*', 16); // '     4 * g2 worker         atomic.load counter          counter.test.ts:12:9'
 * ```
 */
export function formatStep(log: StepLog, i: number, s: LoggedStep, mark: string, width: number, who = whoOf(log, s)): string {
  const name = log.names.get(s.g);
  const obj = s.op.object > 0 ? describeObject(log.objects.get(s.op.object), s.op.object) : '';
  const op = obj === '' ? s.op.kind : `${s.op.kind} ${obj}`;
  // A timer callback's start that touched nothing says where the timer was armed: what scheduled it.
  const armed = s.site === undefined && s.op.kind === 'start' && name?.endsWith(' callback') === true ? s.origin : undefined;
  const site = s.site ?? armed;
  const at = site === undefined ? '' : `${site.file}:${site.line}:${site.col}${armed === undefined ? '' : ' (armed)'}`;
  return `  ${String(i + 1).padStart(4)} ${mark} ${who.padEnd(width)} ${op.padEnd(28)} ${at}`.trimEnd();
}

/**
 * An object as reports name it: `mutex mu`, `chan#4`, or `#4` when unknown.
 *
 * @example
 * ```ts
 * describeObject({ id: 4, kind: 'chan' }, 4); // 'chan#4'
 * ```
 */
export function describeObject(info: ObjectInfo | undefined, id: number): string {
  if (info === undefined) return `#${id}`;
  return info.name === undefined ? `${info.kind}#${id}` : `${info.kind} ${info.name}`;
}
