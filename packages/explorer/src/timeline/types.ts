/**
 * The data of a timeline page: one run of a failing schedule as lanes
 * (goroutines), steps, happens-before edges and the source lines they name.
 * Plain JSON data: a {@link Timeline} can be written to a file, sent between
 * processes and rendered later by `timelineHtml`.
 *
 * Invariants: `TimelineTrace.steps[k].index === TimelineTrace.first + k`; every
 * edge's `from` < `to`, both indexes of kept steps.
 */
import type { Finding, SourceLocation } from '../core.ts';

/**
 * One memory access inside a step (`Shared` and `Atomic` reads and writes).
 *
 * @example
 * ```ts
 * const a: TimelineAccess = { write: true, atomic: false, object: 'shared balance', site: { file: 'a.ts', line: 3, col: 5 } };
 * ```
 */
export interface TimelineAccess {
  readonly write: boolean;
  readonly atomic: boolean;
  /** The object, as reports name it (`shared balance`, `atomic#4`). */
  readonly object: string;
  readonly site?: SourceLocation;
}

/**
 * One scheduling step.
 *
 * @example
 * ```ts
 * const s: TimelineStep = { index: 0, g: 1, op: 'start', object: '', preempts: false, accesses: [] };
 * ```
 */
export interface TimelineStep {
  /** 0-based position in the run. */
  readonly index: number;
  readonly g: number;
  /** The operation (core's `OpKind`: `chan.send`, `mutex.lock`, ...). */
  readonly op: string;
  /** The object it touches, as reports name it; '' for none. */
  readonly object: string;
  /** Where it was called (for a first step, where the goroutine was created). */
  readonly site?: SourceLocation;
  /** It preempted the goroutine of the step before, which could have gone on. */
  readonly preempts: boolean;
  /** Why its goroutine parked during the step (`chan receive`, ...), if it did. */
  readonly parks?: string;
  /** Its goroutine returned during the step. */
  readonly exits?: boolean;
  /** Memory accesses made during the step (the first few). */
  readonly accesses: readonly TimelineAccess[];
}

/**
 * One goroutine.
 *
 * @example
 * ```ts
 * const lane: TimelineLane = { id: 2, name: 'worker', parent: 1, blocked: 'chan receive' };
 * ```
 */
export interface TimelineLane {
  readonly id: number;
  readonly name?: string;
  /** The goroutine that created it (absent for main). */
  readonly parent?: number;
  /** Where `go` was called. */
  readonly site?: SourceLocation;
  /** What it still waited on when the run ended (Go's wait reason), if it was alive and parked. */
  readonly blocked?: string;
}

/**
 * A happens-before edge between two steps of different goroutines: a spawn, or
 * a release that a later acquire of the same synchronization variable sees
 * (a channel hand-off, an unlock before a lock, `done` before `wait`, ...).
 *
 * @example
 * ```ts
 * const e: TimelineEdge = { from: 3, to: 5, kind: 'sync', label: 'chan results' };
 * ```
 */
export interface TimelineEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: 'spawn' | 'sync';
  readonly label: string;
}

/**
 * One recorded run.
 *
 * @example
 * ```ts
 * const t: TimelineTrace = timeline.shrunk;
 * t.steps.length <= MAX_TIMELINE_STEPS; // true
 * ```
 */
export interface TimelineTrace {
  /** The replay token of the run. */
  readonly replay: string;
  /** Steps the run took. */
  readonly total: number;
  /** Index of the first kept step (0 unless the run had more than the page keeps). */
  readonly first: number;
  readonly steps: readonly TimelineStep[];
  readonly lanes: readonly TimelineLane[];
  readonly edges: readonly TimelineEdge[];
  /** The run's findings, in order. */
  readonly findings: readonly Finding[];
  /** Preempting steps of the run. */
  readonly preemptions: number;
}

/**
 * Lines of one source file: `lines[k]` is line `from + k`.
 *
 * @example
 * ```ts
 * const s: SourceSnippet = { from: 10, lines: ['  mu.lock();', '  n++;'] };
 * ```
 */
export interface SourceSnippet {
  readonly from: number;
  readonly lines: readonly string[];
}

/**
 * Everything a timeline page shows: the failure, the shrunk run, the run as
 * found (when shrinking changed it) and the source lines around every site.
 *
 * @example
 * ```ts
 * const timeline = await recordTimeline(program, failure);
 * writeFileSync('race.html', timelineHtml(timeline));
 * ```
 */
export interface Timeline {
  /** A heading (the test's name, say). */
  readonly title: string;
  readonly kind: Finding['kind'];
  readonly message: string;
  /** The full report. */
  readonly text: string;
  /** The goroutines the finding names. */
  readonly goroutines: readonly number[];
  /** The run `failure.replay` runs (shrunk). */
  readonly shrunk: TimelineTrace;
  /** The run as found, before shrinking; absent when shrinking kept it. */
  readonly original?: TimelineTrace;
  /** Source lines by file (as sites name it), around each site. */
  readonly sources: Readonly<Record<string, readonly SourceSnippet[]>>;
}
