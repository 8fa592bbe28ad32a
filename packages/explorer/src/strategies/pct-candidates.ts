/**
 * PCT's view of the goroutines that can run, kept up to date from the run's
 * events instead of being read from the decision at every decision (a run of
 * 1,000 goroutines has hundreds runnable at each of its thousands of
 * decisions: reading and scanning them all was most of a PCT schedule's time).
 *
 * A goroutine is a *candidate* from its spawn or wake until it parks or
 * exits. At a scheduler's goroutine decision no goroutine is running, so the
 * candidates are exactly the run queue; at a `go()` decision they are the run
 * queue plus the spawner. A decision offers a subset of them (the fairness rule
 * may defer yielders; a `go()` offers the spawner and the child only), so when
 * it offers as many goroutines as there are candidates, it offers the
 * candidates, in id order.
 *
 * Invariants: `member[id]` is 1 exactly for candidates, counted by `count` and
 * by the Fenwick tree `tree` over ids; `heap` holds exactly the candidates with
 * a priority (> 0), ordered by {@link Candidates.before}; `slot[id]` is a
 * candidate's position in `heap` plus 1, else 0; `pending` holds every candidate
 * without a priority (and perhaps ids that have one since, or left).
 */

/**
 * Candidates with their PCT priorities.
 *
 * @example
 * ```ts
 * const c = new Candidates();
 * c.add(1); c.add(2);
 * c.setPriority(1, 5.5); c.setPriority(2, 4.2);
 * c.rank(c.top()); // 0: goroutine 1 has the highest priority and the smallest id
 * ```
 */
export class Candidates {
  /** Number of candidates. */
  count = 0;
  /** Priority by goroutine id (0: none yet). */
  private prio = new Float64Array(64);
  private member = new Uint8Array(64);
  /** Fenwick tree over ids 1..length-1 counting candidates. */
  private tree = new Int32Array(64);
  private slot = new Int32Array(64);
  private heap = new Int32Array(64);
  private size = 0;
  private pending: number[] = [];

  /** The priority of goroutine `id` (0: none yet). */
  priority(id: number): number {
    return id < this.prio.length ? this.prio[id]! : 0;
  }

  /** Gives goroutine `id` priority `p` (> 0). */
  setPriority(id: number, p: number): void {
    this.room(id);
    const old = this.prio[id]!;
    this.prio[id] = p;
    if (this.member[id] !== 1) return;
    const at = this.slot[id]! - 1;
    if (at < 0) this.insert(id);
    else if (p > old) this.up(at);
    else this.down(at);
  }

  /** `id` became runnable (spawned, woken). */
  add(id: number): void {
    this.room(id);
    if (this.member[id] === 1) return;
    this.member[id] = 1;
    this.count++;
    for (let i = id; i < this.tree.length; i += i & -i) this.tree[i]! += 1;
    if (this.prio[id]! > 0) this.insert(id);
    else this.pending.push(id);
  }

  /** `id` parked or exited. */
  remove(id: number): void {
    if (id >= this.member.length || this.member[id] !== 1) return;
    this.member[id] = 0;
    this.count--;
    for (let i = id; i < this.tree.length; i += i & -i) this.tree[i]! -= 1;
    const at = this.slot[id]! - 1;
    if (at >= 0) this.removeAt(at);
  }

  /** The candidates without a priority, in id order (the list is emptied). */
  takeNewcomers(): number[] {
    const out: number[] = [];
    for (const id of this.pending) if (this.member[id] === 1 && this.prio[id] === 0) out.push(id);
    this.pending = [];
    if (out.length < 2) return out;
    // An id may be listed twice (it left and came back before getting a priority).
    out.sort((a, b) => a - b);
    let k = 1;
    for (let i = 1; i < out.length; i++) if (out[i] !== out[k - 1]) out[k++] = out[i]!;
    out.length = k;
    return out;
  }

  /** The candidate with the highest priority (the smaller id on a tie); precondition: one has a priority. */
  top(): number {
    return this.heap[0]!;
  }

  /** Number of candidates with an id below `id`: its index in the id-ordered list. */
  rank(id: number): number {
    let n = 0;
    for (let i = id - 1; i > 0; i -= i & -i) n += this.tree[i]!;
    return n;
  }

  /** Whether `a` goes before `b`: higher priority, then smaller id (the first in id order, as a scan finds it). */
  private before(a: number, b: number): boolean {
    const pa = this.prio[a]!;
    const pb = this.prio[b]!;
    return pa > pb || (pa === pb && a < b);
  }

  private insert(id: number): void {
    const at = this.size++;
    this.heap[at] = id;
    this.slot[id] = at + 1;
    this.up(at);
  }

  private removeAt(at: number): void {
    const heap = this.heap;
    this.slot[heap[at]!] = 0;
    const last = heap[--this.size]!;
    if (at === this.size) return;
    heap[at] = last;
    this.slot[last] = at + 1;
    this.up(at);
    this.down(this.slot[last]! - 1);
  }

  private up(at: number): void {
    const heap = this.heap;
    const id = heap[at]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const p = heap[parent]!;
      if (!this.before(id, p)) break;
      heap[at] = p;
      this.slot[p] = at + 1;
      at = parent;
    }
    heap[at] = id;
    this.slot[id] = at + 1;
  }

  private down(at: number): void {
    const heap = this.heap;
    const id = heap[at]!;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.before(heap[child + 1]!, heap[child]!)) child++;
      const c = heap[child]!;
      if (!this.before(c, id)) break;
      heap[at] = c;
      this.slot[c] = at + 1;
      at = child;
    }
    heap[at] = id;
    this.slot[id] = at + 1;
  }

  /** Makes every array cover goroutine `id` (the tree is rebuilt for its new length). */
  private room(id: number): void {
    if (id < this.prio.length) return;
    let n = this.prio.length;
    while (n <= id) n *= 2;
    this.prio = grown(this.prio, new Float64Array(n));
    this.member = grown(this.member, new Uint8Array(n));
    this.slot = grown(this.slot, new Int32Array(n));
    this.heap = grown(this.heap, new Int32Array(n));
    const tree = new Int32Array(n);
    for (let id = 1; id < n; id++) {
      if (this.member[id] !== 1) continue;
      for (let i = id; i < n; i += i & -i) tree[i]! += 1;
    }
    this.tree = tree;
  }
}

function grown<T extends Float64Array | Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
