/**
 * `sync.Mutex`, with Go's two modes (sync/mutex.go):
 *
 * - Normal mode: `unlock` frees the lock and wakes the longest waiter, which then
 *   contends for it again when it runs: a goroutine that calls `lock` meanwhile may
 *   take it first (barging). Which comes first is the scheduler's `goroutine`
 *   decision, so the explorer covers both. A woken waiter that lost goes back to the
 *   front of the queue.
 * - Starvation mode, entered when a woken waiter finds the lock taken after waiting
 *   more than 1 ms of virtual time: `unlock` hands the lock straight to the longest
 *   waiter, and newcomers queue behind. It ends when a waiter that waited less than
 *   1 ms, or the last one, gets the lock.
 *
 * In production mode `unlock` always hands the lock over (a woken goroutine there
 * cannot contend again before its promise settles).
 *
 * Invariants: `locked` iff some goroutine holds the lock (`holder`, for reports;
 * Go lets another goroutine unlock it); a waiter is queued only while `locked`, or
 * while a woken waiter is on its way to contend again; a queued waiter's `value` is
 * the virtual time it started waiting.
 * Edges: `unlock` releases, the next `lock` acquires.
 */
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { notePoll } from '../runtime/runtime.ts';
import { captureSite } from '../runtime/location.ts';
import { isProduction } from '../runtime/production.ts';
import { ownWaiter, WaitQueue, type Waiter } from '../runtime/wait-queue.ts';

/** Go's starvationThresholdNs: a waiter that waited longer switches the mutex to starvation mode. */
const STARVATION_THRESHOLD_MS = 1;

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
  /** Starvation mode (see the file's comment). */
  private starving = false;
  /** The goroutine that holds the lock, 0 when unlocked. */
  holder = 0;
  private readonly waiters = new WaitQueue();
  private readonly lockOp: Op = new MethodOp('mutex.lock', this.id, this, this.performLock);
  /** A woken waiter's step: it contends for the lock again. */
  private readonly relockOp: Op = new MethodOp('mutex.lock', this.id, this, this.performRelock);

  constructor(name?: string) {
    super('new Mutex()', name);
  }

  /** Locks; blocks while another goroutine holds the lock. */
  lock(): Promise<void> {
    return this.rt.suspend(this.lockOp);
  }

  /** Locks if free, without blocking; returns whether it did (never in starvation mode, as Go's). */
  tryLock(): boolean {
    const g = this.running;
    if (this.locked || this.starving || !g) {
      notePoll();
      return false;
    }
    this.acquired(g, this.rt.locations ? captureSite() : undefined);
    return true;
  }

  /** Unlocks; unlocking a mutex that is not locked is Go's `fatal error`: the run ends, whatever the program catches. */
  unlock(): void {
    if (!this.locked) this.rt.fatal('sync: unlock of unlocked mutex');
    const g = this.running;
    this.edge(g, 0, 'release');
    if (g) this.rt.mon?.lock(g.id, this.info, false, false, undefined);
    this.locked = false;
    this.holder = 0;
    const w = this.waiters.shift();
    if (!w) return;
    const rt = this.rt;
    if (this.starving || isProduction(rt)) {
      this.acquired(w.g);
      // Go leaves starvation mode for the last waiter, or one that did not wait long.
      if (this.waiters.length === 0 || rt.nowMs - (w.value as number) < STARVATION_THRESHOLD_MS) this.starving = false;
      rt.wake(w.g);
      return;
    }
    rt.wake(w.g);
    // Runnable again, it contends for the lock when the scheduler chooses it.
    w.g.op = this.relockOp;
  }

  private performLock(g: G): boolean {
    if (!this.locked) {
      this.acquired(g);
      return true;
    }
    const w = ownWaiter(g);
    w.value = this.rt.nowMs;
    this.waiters.push(w);
    return this.rt.park(g, 'sync.Mutex.Lock', this.info);
  }

  /** A woken waiter contends again: the lock is its if free, else it waits at the front (and may start starvation mode). */
  private performRelock(g: G): boolean {
    if (!this.locked) {
      this.acquired(g);
      g.result = undefined;
      return true;
    }
    const w: Waiter = g; // its own waiter, still holding when it started to wait
    if (this.rt.nowMs - (w.value as number) > STARVATION_THRESHOLD_MS) this.starving = true;
    this.waiters.unshift(w);
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
