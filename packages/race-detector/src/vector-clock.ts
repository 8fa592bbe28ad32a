/**
 * Vector clocks and epochs for happens-before.
 *
 * A vector clock maps goroutine ids (small positive integers, main is 1) to
 * logical times; an *epoch* `c@t` is one entry of one goroutine's clock (FastTrack,
 * Flanagan & Freund, PLDI 2009), the compact form of "the access t made at time c".
 *
 * Invariants:
 * - `entries` is a dense array (no holes): every index below its length holds a
 *   number, so V8 keeps it a packed small-integer array and reads stay cheap.
 * - A missing entry means 0; time 0 of goroutine t means "nothing of t".
 * - Clocks only grow: `join` and `tick` never lower an entry.
 */

/**
 * A growable vector clock indexed by goroutine id.
 *
 * @example
 * ```ts
 * const a = new VectorClock(); a.set(1, 3);
 * const b = new VectorClock(); b.set(2, 1);
 * b.join(a);            // b = [1:3, 2:1]
 * a.leq(b);             // true: everything a saw, b saw
 * ```
 */
export class VectorClock {
  /** invariant: dense, entries[t] is goroutine t's time (index 0 unused). */
  private entries: number[];

  constructor(entries: number[] = []) {
    this.entries = entries;
  }

  /** The time of goroutine `t` (0 when never seen). */
  get(t: number): number {
    return this.entries[t] ?? 0;
  }

  /** Sets goroutine `t`'s time; grows the clock as needed. */
  set(t: number, time: number): void {
    const e = this.entries;
    while (e.length <= t) e.push(0);
    e[t] = time;
  }

  /** Advances goroutine `t`'s own entry by one. */
  tick(t: number): void {
    this.set(t, this.get(t) + 1);
  }

  /** Pointwise maximum with `other`, in place. */
  join(other: VectorClock): void {
    const e = this.entries;
    const o = other.entries;
    while (e.length < o.length) e.push(0);
    for (let i = 1; i < o.length; i++) {
      const v = o[i] as number;
      if (v > (e[i] as number)) e[i] = v;
    }
  }

  /** True when every entry of this clock is at most the same entry of `other`. */
  leq(other: VectorClock): boolean {
    return this.firstAfter(other) === -1;
  }

  /**
   * The first goroutine whose entry here is later than in `other` (the witness that
   * this clock is not ordered before `other`), or -1 when `this ⊑ other`.
   */
  firstAfter(other: VectorClock, from = 1): number {
    const e = this.entries;
    for (let i = from; i < e.length; i++) {
      if ((e[i] as number) > other.get(i)) return i;
    }
    return -1;
  }

  /** An independent copy. */
  copy(): VectorClock {
    return new VectorClock(this.entries.slice());
  }

  /** Number of entries (highest goroutine id seen + 1). */
  get size(): number {
    return this.entries.length;
  }

  /** `[1:3, 2:1]`, for debugging and test messages. */
  toString(): string {
    const parts: string[] = [];
    for (let i = 1; i < this.entries.length; i++) {
      const v = this.entries[i] as number;
      if (v !== 0) parts.push(`${i}:${v}`);
    }
    return `[${parts.join(', ')}]`;
  }
}

/**
 * True when the epoch `time@goroutine` happens before (or is) the knowledge of `vc`:
 * FastTrack's `e ⪯ V`, one comparison instead of a clock walk.
 *
 * @example
 * ```ts
 * const vc = new VectorClock(); vc.set(2, 5);
 * epochLeq(2, 4, vc); // true
 * epochLeq(3, 1, vc); // false: vc saw nothing of goroutine 3
 * ```
 */
export function epochLeq(goroutine: number, time: number, vc: VectorClock): boolean {
  return time <= vc.get(goroutine);
}
