/**
 * Who holds which lock right now, from core's `lock` events: the state the
 * lock-order and deadlock detectors reason about.
 *
 * Invariants:
 * - `byGoroutine.get(g)` lists g's held locks in acquisition order; `byObject.get(o)`
 *   lists o's holders; the two hold the same `HeldLock` records.
 * - An RWMutex has either one exclusive holder or any number of shared holders; a
 *   goroutine may appear several times for one RWMutex (recursive read locking).
 * - Go lets any goroutine unlock a Mutex: a release by a goroutine that holds
 *   nothing of the object removes the matching record of whoever holds it.
 */
import type { ObjectInfo, SourceLocation } from './core-types.ts';

/** One lock held by one goroutine. */
export interface HeldLock {
  readonly g: number;
  readonly object: ObjectInfo;
  /** A read lock of an RWMutex. */
  readonly shared: boolean;
  /** Where it was acquired (undefined when the run captures no locations). */
  readonly site: SourceLocation | undefined;
}

const NONE: readonly HeldLock[] = [];

function removeFrom(list: HeldLock[] | undefined, h: HeldLock): void {
  if (list === undefined) return;
  const i = list.lastIndexOf(h);
  if (i !== -1) list.splice(i, 1);
}

/**
 * The locks held in one run.
 *
 * @example
 * ```ts
 * const t = new LockTable();
 * t.acquire(2, mu, false, undefined);
 * t.holders(mu.id)[0]?.g; // 2
 * t.release(2, mu, false);
 * ```
 */
export class LockTable {
  private readonly byGoroutine = new Map<number, HeldLock[]>();
  private readonly byObject = new Map<number, HeldLock[]>();

  acquire(g: number, object: ObjectInfo, shared: boolean, site: SourceLocation | undefined): void {
    const h: HeldLock = { g, object, shared, site };
    const mine = this.byGoroutine.get(g);
    if (mine === undefined) this.byGoroutine.set(g, [h]);
    else mine.push(h);
    const holders = this.byObject.get(object.id);
    if (holders === undefined) this.byObject.set(object.id, [h]);
    else holders.push(h);
  }

  release(g: number, object: ObjectInfo, shared: boolean): void {
    const holders = this.byObject.get(object.id);
    if (holders === undefined) return;
    let h: HeldLock | undefined;
    for (let i = holders.length - 1; i >= 0 && h === undefined; i--) {
      const c = holders[i] as HeldLock;
      if (c.g === g && c.shared === shared) h = c;
    }
    for (let i = holders.length - 1; i >= 0 && h === undefined; i--) {
      const c = holders[i] as HeldLock;
      if (c.shared === shared) h = c;
    }
    if (h === undefined) return;
    removeFrom(holders, h);
    removeFrom(this.byGoroutine.get(h.g), h);
  }

  /** g's held locks, oldest first. */
  held(g: number): readonly HeldLock[] {
    return this.byGoroutine.get(g) ?? NONE;
  }

  /** The holders of object `id`. */
  holders(id: number): readonly HeldLock[] {
    return this.byObject.get(id) ?? NONE;
  }

  /** g's most recent hold of object `id`, if any. */
  holding(g: number, id: number): HeldLock | undefined {
    const mine = this.held(g);
    for (let i = mine.length - 1; i >= 0; i--) {
      const h = mine[i] as HeldLock;
      if (h.object.id === id) return h;
    }
    return undefined;
  }

  clear(): void {
    this.byGoroutine.clear();
    this.byObject.clear();
  }
}
