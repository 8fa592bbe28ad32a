/**
 * The set of runnable goroutines, ordered by id. Schedulers answer with an index
 * into the id-ordered runnable list, so choosing must not cost O(n) when a million
 * goroutines are runnable: past `SMALL` members the set lives in a Fenwick tree
 * over goroutine ids (O(log n) insert, remove and "k-th smallest"). Up to `SMALL`
 * members (the usual case) a sorted array is faster.
 *
 * Invariant (small mode): `small` holds the members sorted by id, and the tree is unused.
 * Invariants: `tree` counts membership over ids 1..capacity; `member[id]` is 1
 * exactly for members, whose records are `table[id]` (the runtime's goroutine
 * table, shared so that a goroutine costs no second reference); `size` counts them.
 */
import type { G } from './goroutine.ts';

const SMALL = 16;
// Shared by every queue until it outgrows small mode (never written: `grow` replaces them).
const NO_TREE = new Int32Array(1);
const NO_MEMBERS = new Uint8Array(1);

export class RunQueue {
  // Allocated when the queue first outgrows small mode: most runs never need them.
  private tree = NO_TREE;
  private member = NO_MEMBERS;
  /** The members in id order while in small mode; undefined once the tree took over. */
  private small: G[] | undefined = [];
  size = 0;

  constructor(private readonly table: readonly (G | undefined)[]) {}

  private get capacity(): number {
    return this.tree.length - 1;
  }

  add(g: G): void {
    const small = this.small;
    if (small) {
      const n = small.length;
      for (let k = 0; k < n; k++) if (small[k] === g) return;
      if (n < SMALL) {
        // Insertion from the end: a goroutine that suspends has the largest id more often than not.
        let i = n;
        while (i > 0 && small[i - 1]!.id > g.id) {
          small[i] = small[i - 1]!;
          i--;
        }
        small[i] = g;
        this.size++;
        return;
      }
      this.small = undefined;
      this.size = 0;
      this.tree = new Int32Array(1025);
      this.member = new Uint8Array(1025);
      for (const m of small) this.treeAdd(m);
    }
    this.treeAdd(g);
  }

  private treeAdd(g: G): void {
    while (g.id > this.capacity) this.grow();
    if (this.member[g.id] === 1) return;
    this.member[g.id] = 1;
    this.size++;
    for (let i = g.id; i <= this.capacity; i += i & -i) this.tree[i]! += 1;
  }

  remove(g: G): void {
    const small = this.small;
    if (small) {
      const n = small.length;
      let i = 0;
      while (i < n && small[i] !== g) i++;
      if (i === n) return;
      for (; i < n - 1; i++) small[i] = small[i + 1]!;
      small.pop();
      this.size--;
      return;
    }
    if (this.member[g.id] !== 1) return;
    this.member[g.id] = 0;
    this.size--;
    for (let i = g.id; i <= this.capacity; i += i & -i) this.tree[i]! -= 1;
  }

  /** The goroutine with the (k+1)-th smallest id; precondition 0 <= k < size. */
  at(k: number): G {
    if (this.small) return this.small[k]!;
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

  /**
   * The members in id order; for schedulers that read the whole list. In tree mode
   * one pass over the membership bytes (O(capacity), a byte a goroutine id): a
   * strategy that reads the list at every decision of a run with 1,000 runnable
   * goroutines paid 1,000 tree descents (`at`) per decision before.
   */
  toArray(): G[] {
    if (this.small) return this.small.slice();
    const out = new Array<G>(this.size);
    const member = this.member;
    const table = this.table;
    let k = 0;
    for (let id = 1; k < out.length; id++) if (member[id] === 1) out[k++] = table[id]!;
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
