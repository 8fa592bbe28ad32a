/**
 * Footprints: what one scheduling step touched, as a map from object key to
 * "wrote it" ({@link Footprint}). Two steps are dependent when they touch a common key and at least
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
 * Object key to "written" (true) or "only read" (false), in the order the keys
 * were first touched (as a `Map` iterates). A step touches a few keys: the
 * first four are fields of the footprint itself and the others pairs in one
 * array, so a step's footprint costs one small object (a `Map` per step, and
 * its entries' arrays at every pass over it, were most of what a run of 1,000
 * goroutines allocated for partial-order reduction).
 *
 * Invariants: keys are distinct; `set` of a key it has keeps its position.
 *
 * @example
 * ```ts
 * const fp = new Footprint([[3, false], [CHANNELS, false]]);
 * fp.set(3, true);
 * for (let i = 0; i < fp.size; i++) console.log(fp.keyAt(i), fp.wroteAt(i)); // 3 true, -2 false
 * ```
 */
export class Footprint {
  /** Number of keys. */
  size = 0;
  /** Bit i: the key at position i < {@link INLINE} was written. */
  private bits = 0;
  private k0 = 0;
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;
  /** Keys from position {@link INLINE} on, each followed by 1 (written) or 0. */
  private rest: number[] | undefined = undefined;
  /** Key -> position, once the footprint is large (a step that touched many objects): look-ups stay O(1). */
  private lookup: Map<number, number> | undefined = undefined;

  constructor(entries?: Iterable<readonly [number, boolean]>) {
    if (entries !== undefined) for (const [key, write] of entries) this.set(key, write);
  }

  /** The position of `key`, or -1. */
  indexOf(key: number): number {
    const n = this.size;
    if (n > INLINE) {
      if (this.lookup !== undefined) return this.lookup.get(key) ?? -1;
      const rest = this.rest!;
      for (let i = 0; i < rest.length; i += 2) if (rest[i] === key) return INLINE + (i >> 1);
    }
    if (n > 0 && this.k0 === key) return 0;
    if (n > 1 && this.k1 === key) return 1;
    if (n > 2 && this.k2 === key) return 2;
    if (n > 3 && this.k3 === key) return 3;
    return -1;
  }

  /** The key at position `i` (0 <= i < size). */
  keyAt(i: number): number {
    switch (i) {
      case 0: return this.k0;
      case 1: return this.k1;
      case 2: return this.k2;
      case 3: return this.k3;
      default: return this.rest![2 * (i - INLINE)]!;
    }
  }

  /** Whether the key at position `i` was written. */
  wroteAt(i: number): boolean {
    return i < INLINE ? (this.bits & (1 << i)) !== 0 : this.rest![2 * (i - INLINE) + 1] === 1;
  }

  get(key: number): boolean | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.wroteAt(i);
  }

  has(key: number): boolean {
    return this.indexOf(key) >= 0;
  }

  /** Sets whether `key` was written (a write can be taken back: a blocked attempt only read). */
  set(key: number, write: boolean): this {
    const i = this.indexOf(key);
    if (i >= 0) this.setAt(i, write);
    else this.append(key, write);
    return this;
  }

  /** Records an access: a write wins over a read. */
  touch(key: number, write: boolean): void {
    const i = this.indexOf(key);
    if (i < 0) this.append(key, write);
    else if (write) this.setAt(i, true);
  }

  /** The entries as `[key, written]` pairs, in order (for tests and cold paths; hot paths index). */
  *[Symbol.iterator](): IterableIterator<[number, boolean]> {
    for (let i = 0; i < this.size; i++) yield [this.keyAt(i), this.wroteAt(i)];
  }

  private setAt(i: number, write: boolean): void {
    if (i >= INLINE) this.rest![2 * (i - INLINE) + 1] = write ? 1 : 0;
    else if (write) this.bits |= 1 << i;
    else this.bits &= ~(1 << i);
  }

  private append(key: number, write: boolean): void {
    const i = this.size++;
    if (i < INLINE) {
      if (i === 0) this.k0 = key;
      else if (i === 1) this.k1 = key;
      else if (i === 2) this.k2 = key;
      else this.k3 = key;
      if (write) this.bits |= 1 << i;
      return;
    }
    if (this.rest === undefined) this.rest = [key, write ? 1 : 0];
    else this.rest.push(key, write ? 1 : 0);
    if (this.lookup !== undefined) this.lookup.set(key, i);
    else if (i >= INDEXED) {
      this.lookup = new Map();
      for (let k = 0; k <= i; k++) this.lookup.set(this.keyAt(k), k);
    }
  }
}

/** Keys kept in the footprint's own fields (most steps touch at most this many). */
const INLINE = 4;

/** Past this many keys a footprint keeps an index (a linear scan up to here is cheaper than hashing). */
const INDEXED = 16;

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
 * const fp = new Footprint();
 * touch(fp, 3, false); touch(fp, 3, true); // fp.get(3) === true
 * ```
 */
export function touch(fp: Footprint, key: number, write: boolean): void {
  fp.touch(key, write);
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
 * const fp = new Footprint();
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
  for (let i = 0; i < from.size; i++) into.touch(from.keyAt(i), from.wroteAt(i));
}

/**
 * True when the two steps commute: no common key written by either.
 *
 * @example
 * ```ts
 * independent(new Footprint([[1, false]]), new Footprint([[1, false]])); // true: two reads
 * ```
 */
export function independent(a: Footprint, b: Footprint): boolean {
  if (a.get(END) === true || b.get(END) === true || a.get(FAIR) === true || b.get(FAIR) === true) return false;
  const small = a.size <= b.size ? a : b;
  const large = small === a ? b : a;
  for (let i = 0; i < small.size; i++) {
    const other = large.get(small.keyAt(i));
    if (other !== undefined && (small.wroteAt(i) || other)) return false;
  }
  return true;
}
