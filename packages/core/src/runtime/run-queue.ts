/**
 * The set of runnable goroutines, ordered by id, with O(log n) insert, remove and
 * "k-th smallest": a Fenwick tree over goroutine ids. Schedulers answer with an
 * index into the id-ordered runnable list, so choosing must not cost O(n) when a
 * million goroutines are runnable.
 *
 * Invariants: `tree` counts membership over ids 1..capacity; `member[id]` is 1
 * exactly for members, whose records are `table[id]` (the runtime's goroutine
 * table, shared so that a goroutine costs no second reference); `size` counts them.
 */
import type { G } from './goroutine.ts';

export class RunQueue {
  private tree = new Int32Array(1024);
  private member = new Uint8Array(1024);
  size = 0;

  constructor(private readonly table: readonly (G | undefined)[]) {}

  private get capacity(): number {
    return this.tree.length - 1;
  }

  has(g: G): boolean {
    return this.member[g.id] === 1;
  }

  add(g: G): void {
    while (g.id > this.capacity) this.grow();
    if (this.member[g.id] === 1) return;
    this.member[g.id] = 1;
    this.size++;
    for (let i = g.id; i <= this.capacity; i += i & -i) this.tree[i]! += 1;
  }

  remove(g: G): void {
    if (this.member[g.id] !== 1) return;
    this.member[g.id] = 0;
    this.size--;
    for (let i = g.id; i <= this.capacity; i += i & -i) this.tree[i]! -= 1;
  }

  /** The goroutine with the (k+1)-th smallest id; precondition 0 <= k < size. */
  at(k: number): G {
    let pos = 0;
    let rest = k + 1;
    for (let step = highestPowerOfTwo(this.capacity); step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.capacity && this.tree[next]! < rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    return this.table[pos + 1]!;
  }

  /** The members in id order (O(n log n)); for schedulers that read the whole list. */
  toArray(): G[] {
    const out: G[] = [];
    for (let k = 0; k < this.size; k++) out.push(this.at(k));
    return out;
  }

  private grow(): void {
    const cap = (this.tree.length - 1) * 2;
    const member = new Uint8Array(cap + 1);
    member.set(this.member);
    this.member = member;
    this.tree = new Int32Array(cap + 1);
    for (let id = 1; id < member.length; id++) {
      if (!member[id]) continue;
      for (let i = id; i <= cap; i += i & -i) this.tree[i]! += 1;
    }
  }
}

function highestPowerOfTwo(n: number): number {
  let p = 1;
  while (p * 2 <= n) p *= 2;
  return p;
}
