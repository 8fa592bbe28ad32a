/**
 * Footprints: what one scheduling step touched, as a map from object key to
 * "wrote it". Two steps are dependent when they touch a common key and at least
 * one of them writes it; partial-order reduction reorders only independent steps.
 *
 * Keys are core's object ids (positive) and two pseudo-objects:
 * - {@link END}: written by the step that ends a run while other goroutines
 *   could still run (main returning, a panic), because it disables every
 *   goroutine that has not run yet. Every step implicitly reads it, so a step
 *   that writes it depends on every other step (see {@link independent}).
 * - {@link CHANNELS}: every channel operation reads it and every `select` writes
 *   it. Core does not report which channels a `select` polled, so a `select` is
 *   conservatively dependent on every channel operation.
 * - {@link MEMORY}: plain JavaScript state, which interleave cannot see; written
 *   by every step unless the program declares `sharedState: 'objects'`.
 * - {@link parkKey}(id): the wait queue of object `id`, written by a blocked
 *   attempt on it (the order in which goroutines queue decides whom a wake picks).
 *
 * Invariant: a key maps to `true` as soon as any event of the step wrote it.
 */
import type { ObjectKind, OpKind } from '../core.ts';

/**
 * Object key to "written" (true) or "only read" (false).
 *
 * @example
 * ```ts
 * const fp: Footprint = new Map([[3, false], [CHANNELS, false]]);
 * ```
 */
export type Footprint = Map<number, boolean>;

/**
 * Pseudo-object written by a step that ends the run while goroutines are runnable.
 *
 * @example
 * ```ts
 * lastStep.fp.set(END, true); // depends on every other step
 * ```
 */
export const END = -1;
/**
 * Pseudo-object standing for "some channel": written by `select`, read by channel operations.
 *
 * @example
 * ```ts
 * opTouches('select', 4, { touchKey: (key, write) => touch(fp, key, write) }); // fp: CHANNELS -> true, 4 -> true
 * ```
 */
export const CHANNELS = -2;
/**
 * Pseudo-object standing for plain JavaScript state (object fields, closures,
 * module variables): written by every step when the exploration does not assume
 * that all shared state lives in interleave objects (`sharedState: 'anywhere'`),
 * so steps of different goroutines are never taken as independent.
 *
 * @example
 * ```ts
 * step.fp.set(MEMORY, true); // dependent on every other step that writes MEMORY
 * ```
 */
export const MEMORY = -3;

/**
 * Pseudo-object standing for the fairness rule's state (core's fairness.ts):
 * written by a step that ended in a yield without progress (a poll, or a spin),
 * after which the rule may hold its goroutine back until the goroutines runnable
 * before it have run. Whether it does depends on the order of that step and the
 * other goroutines' steps, even steps that touch nothing (a `start`): so every
 * step implicitly reads it, as {@link END}, and such a step is dependent on
 * every other step (see {@link independent}).
 *
 * @example
 * ```ts
 * pollStep.fp.set(FAIR, true); // dependent on every other step
 * ```
 */
export const FAIR = -4;

/**
 * The pseudo-object standing for the wait queue of object `id` (below every
 * other key: object ids are positive, the pseudo-objects above are -1 to -3).
 * A blocked attempt on `id` writes it, so two goroutines that queue on one
 * object are dependent; completing operations do not touch it.
 *
 * @example
 * ```ts
 * touch(fp, parkKey(7), true); // this step queued on object 7
 * ```
 */
export function parkKey(id: number): number {
  return -16 - id;
}

/**
 * Whether operations on objects of this kind can be polled by a `select`.
 *
 * @example
 * ```ts
 * isChannelKind('chan'); // true
 * ```
 */
export function isChannelKind(kind: ObjectKind): boolean {
  // Comparisons, not a Set: asked for every object a step touches.
  return kind === 'chan' || kind === 'context' || kind === 'timer';
}

/**
 * Records an access: a write wins over a read.
 *
 * @example
 * ```ts
 * const fp: Footprint = new Map();
 * touch(fp, 3, false); touch(fp, 3, true); // fp.get(3) === true
 * ```
 */
export function touch(fp: Footprint, key: number, write: boolean): void {
  if (write) fp.set(key, true);
  else if (!fp.has(key)) fp.set(key, false);
}

/**
 * Receives the keys a step touches (the recorder; an object, not a closure, so
 * that a run costs no closure).
 *
 * @example
 * ```ts
 * const sink: TouchSink = { touchKey: (key, write) => touch(fp, key, write) };
 * ```
 */
export interface TouchSink {
  touchKey(key: number, write: boolean): void;
}

/**
 * Reports what a step's pending operation touches before any event is seen.
 * `start`, `resume`, `gosched`, `go` and `sleep` touch nothing by themselves: what
 * they do shows up as events. A WaitGroup `wait` reads the group (it commutes
 * with `done`, see recorder.ts).
 *
 * @example
 * ```ts
 * const fp: Footprint = new Map();
 * opTouches('atomic.load', 4, { touchKey: (key, write) => touch(fp, key, write) }); // fp: 4 -> false
 * ```
 */
export function opTouches(kind: OpKind, object: number, sink: TouchSink): void {
  switch (kind) {
    case 'start': case 'resume': case 'gosched': case 'go': case 'sleep':
      return;
    case 'select':
      sink.touchKey(CHANNELS, true);
      if (object > 0) sink.touchKey(object, true);
      return;
    case 'chan.send': case 'chan.recv':
      sink.touchKey(CHANNELS, false);
      if (object > 0) sink.touchKey(object, true);
      return;
    case 'atomic.load': case 'waitgroup.wait':
      if (object > 0) sink.touchKey(object, false);
      return;
    default:
      if (object > 0) sink.touchKey(object, true);
  }
}

/**
 * Adds every key of `from` to `into`, keeping writes.
 *
 * @example
 * ```ts
 * union(a, b); // a now covers b
 * ```
 */
export function union(into: Footprint, from: Footprint): void {
  for (const [key, write] of from) touch(into, key, write);
}

/**
 * True when the two steps commute: no common key written by either.
 *
 * @example
 * ```ts
 * independent(new Map([[1, false]]), new Map([[1, false]])); // true: two reads
 * ```
 */
export function independent(a: Footprint, b: Footprint): boolean {
  if (a.get(END) === true || b.get(END) === true || a.get(FAIR) === true || b.get(FAIR) === true) return false;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [key, write] of small) {
    const other = large.get(key);
    if (other !== undefined && (write || other)) return false;
  }
  return true;
}
