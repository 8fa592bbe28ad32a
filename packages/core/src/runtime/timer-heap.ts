/**
 * Pending virtual timers, a binary min-heap ordered by (when, seq). `seq` is the
 * creation order, so the heap order is deterministic; which of several timers due
 * at the same instant fires first is still a scheduler decision (see Runtime).
 *
 * Invariant: every timer in `items` has `index` equal to its position; a timer not
 * in the heap has index -1.
 */
export interface TimerEntry {
  when: number;
  seq: number;
  index: number;
  fire(): void;
}

export class TimerHeap {
  readonly items: TimerEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): TimerEntry | undefined {
    return this.items[0];
  }

  push(t: TimerEntry): void {
    t.index = this.items.length;
    this.items.push(t);
    this.up(t.index);
  }

  pop(): TimerEntry | undefined {
    const top = this.items[0];
    if (top) this.delete(top);
    return top;
  }

  /** Removes `t` if it is pending; returns whether it was. */
  delete(t: TimerEntry): boolean {
    const i = t.index;
    if (i < 0 || this.items[i] !== t) return false;
    const last = this.items.pop()!;
    t.index = -1;
    if (last !== t) {
      this.items[i] = last;
      last.index = i;
      this.down(i);
      this.up(i);
    }
    return true;
  }

  private less(a: TimerEntry, b: TimerEntry): boolean {
    return a.when < b.when || (a.when === b.when && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.items[i]!;
    const b = this.items[j]!;
    this.items[i] = b;
    this.items[j] = a;
    a.index = j;
    b.index = i;
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.items[i]!, this.items[p]!)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(this.items[l]!, this.items[m]!)) m = l;
      if (r < n && this.less(this.items[r]!, this.items[m]!)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }
}
