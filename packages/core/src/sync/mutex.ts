/**
 * `sync.Mutex`. Waiters are served first come, first served (Go's starvation
 * mode): `unlock` hands the lock straight to the longest waiter.
 *
 * Invariants: `locked` iff some goroutine holds the lock (`holder`, for reports;
 * Go lets another goroutine unlock it); a waiter is queued only while `locked`.
 * Edges: `unlock` releases, the next `lock` acquires.
 */
import { Panic } from '../runtime/errors.ts';
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { notePoll } from '../runtime/runtime.ts';
import { captureSite } from '../runtime/location.ts';
import { ownWaiter, WaitQueue } from '../runtime/wait-queue.ts';

/** Anything with Go's `sync.Locker` methods: Mutex, RWMutex, `rwmutex.rLocker()`. */
export interface Locker {
  lock(): Promise<void>;
  unlock(): void;
}

/**
 * A mutual exclusion lock.
 *
 * @example
 * ```ts
 * const mu = new Mutex();
 * await mu.lock();
 * try { counter.value++; } finally { mu.unlock(); }
 * ```
 */
export class Mutex extends RuntimeObject implements Locker {
  readonly kind = 'mutex' as const;
  private locked = false;
  /** The goroutine that holds the lock, 0 when unlocked. */
  holder = 0;
  private readonly waiters = new WaitQueue();
  private readonly lockOp: Op = new MethodOp('mutex.lock', this.id, this, this.performLock);

  constructor(name?: string) {
    super('new Mutex()', name);
  }

  /** Locks; blocks while another goroutine holds the lock. */
  lock(): Promise<void> {
    return this.rt.suspend(this.lockOp);
  }

  /** Locks if free, without blocking; returns whether it did. */
  tryLock(): boolean {
    const g = this.running;
    if (this.locked || !g) {
      notePoll();
      return false;
    }
    this.acquired(g, this.rt.locations ? captureSite() : undefined);
    return true;
  }

  /** Unlocks; panics (Go: fatal error) when not locked. */
  unlock(): void {
    if (!this.locked) throw new Panic('sync: unlock of unlocked mutex');
    const g = this.running;
    this.edge(g, 0, 'release');
    if (g) this.rt.mon?.lock(g.id, this.info, false, false, undefined);
    this.locked = false;
    this.holder = 0;
    const w = this.waiters.shift();
    if (w) {
      this.acquired(w.g);
      this.rt.wake(w.g);
    }
  }

  private performLock(g: G): boolean {
    if (!this.locked) {
      this.acquired(g);
      return true;
    }
    this.waiters.push(ownWaiter(g));
    return this.rt.park(g, 'sync.Mutex.Lock', this.info);
  }

  /** `site`: where the lock was taken (the blocked `lock` call, or `tryLock`). */
  private acquired(g: G, site = g.site): void {
    this.locked = true;
    this.holder = g.id;
    this.edge(g, 0, 'acquire');
    this.rt.mon?.lock(g.id, this.info, true, false, site);
  }
}
