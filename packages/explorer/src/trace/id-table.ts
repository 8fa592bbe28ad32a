/**
 * A step index per goroutine id, -1 for none: the recorder's ordering hints in
 * trace mode, one a goroutine (a typed array grown to the largest id seen; a
 * `Map` cost a hash look-up, and its entries garbage, at every step).
 *
 * Invariant: an id never set, or taken, reads -1.
 */

/**
 * Goroutine id to step index.
 *
 * @example
 * ```ts
 * const t = new IdTable();
 * t.set(3, 17);
 * t.take(3); // 17, and 3 reads -1 from now on
 * ```
 */
export class IdTable {
  private at: Int32Array;

  constructor(size = 16) {
    this.at = new Int32Array(size).fill(-1);
  }

  get(g: number): number {
    return g < this.at.length ? this.at[g]! : -1;
  }

  set(g: number, step: number): void {
    if (g >= this.at.length) this.grow(g);
    this.at[g] = step;
  }

  /** The value of `g`, which reads -1 afterwards. */
  take(g: number): number {
    if (g >= this.at.length) return -1;
    const v = this.at[g]!;
    this.at[g] = -1;
    return v;
  }

  private grow(g: number): void {
    let n = this.at.length;
    while (n <= g) n *= 2;
    const next = new Int32Array(n).fill(-1);
    next.set(this.at);
    this.at = next;
  }
}
