/**
 * `sync.RWMutex`: many readers or one writer. As in Go, a writer waiting for the
 * lock stops new readers (so a goroutine that read-locks twice while a writer
 * waits deadlocks), and when a writer unlocks, the readers that waited are all
 * admitted before the next writer.
 *
 * Invariants: `writer` and `readers > 0` are never both true; a reader is queued
 * only while a writer holds or waits; a writer is queued only while the lock is
 * held (or other writers queue before it).
 * Edges (Go's model): rLock acquires slot 0, rUnlock releases slot 1, lock
 * acquires slots 0 and 1, unlock releases slot 0.
 */
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { notePoll } from '../runtime/runtime.ts';
import { captureSite } from '../runtime/location.ts';
import { ownWaiter, WaitQueue } from '../runtime/wait-queue.ts';
import type { Locker } from './mutex.ts';

/**
 * A reader/writer mutual exclusion lock.
 *
 * @example
 * ```ts
 * const rw = new RWMutex();
 * await rw.rLock(); const v = cache.value.get(k); rw.rUnlock();
 * await rw.lock(); cache.value.set(k, v2); rw.unlock();
 * ```
 */
export class RWMutex extends RuntimeObject implements Locker {
  readonly kind = 'rwmutex' as const;
  private readers = 0;
  private writer = false;
  /** The goroutine holding the write lock, 0 when none. */
  holder = 0;
  private readonly readerq = new WaitQueue();
  private readonly writerq = new WaitQueue();
  private readonly lockOp: Op = new MethodOp('rwmutex.lock', this.id, this, this.performLock);
  private readonly rLockOp: Op = new MethodOp('rwmutex.rlock', this.id, this, this.performRLock);

  constructor(name?: string) {
    super('new RWMutex()', name);
  }

  /** Write-locks; blocks while readers or a writer hold the lock. */
  lock(): Promise<void> {
    return this.rt.suspend(this.lockOp);
  }

  /** Read-locks; blocks while a writer holds or waits for the lock. */
  rLock(): Promise<void> {
    return this.rt.suspend(this.rLockOp);
  }

  tryLock(): boolean {
    const g = this.running;
    if (!g || this.writer || this.readers > 0 || this.writerq.length > 0) {
      notePoll();
      return false;
    }
    this.grantWriter(g, this.rt.locations ? captureSite() : undefined);
    return true;
  }

  tryRLock(): boolean {
    const g = this.running;
    if (!g || this.writer || this.writerq.length > 0) {
      notePoll();
      return false;
    }
    this.grantReader(g, this.rt.locations ? captureSite() : undefined);
    return true;
  }

  unlock(): void {
    if (!this.writer) this.rt.fatal('sync: Unlock of unlocked RWMutex');
    const g = this.running;
    this.edge(g, 0, 'release');
    if (g) this.rt.mon?.lock(g.id, this.info, false, false, undefined);
    this.writer = false;
    this.holder = 0;
    if (this.readerq.length > 0) {
      for (let w = this.readerq.shift(); w; w = this.readerq.shift()) {
        this.grantReader(w.g);
        this.rt.wake(w.g);
      }
    } else {
      this.admitWriter();
    }
  }

  rUnlock(): void {
    if (this.readers <= 0) this.rt.fatal('sync: RUnlock of unlocked RWMutex');
    const g = this.running;
    this.edge(g, 1, 'release');
    if (g) this.rt.mon?.lock(g.id, this.info, false, true, undefined);
    this.readers--;
    if (this.readers === 0) this.admitWriter();
  }

  /** A Locker whose lock/unlock are rLock/rUnlock (Go's `RLocker`). */
  rLocker(): Locker {
    return { lock: () => this.rLock(), unlock: () => this.rUnlock() };
  }

  private performLock(g: G): boolean {
    if (!this.writer && this.readers === 0 && this.writerq.length === 0) {
      this.grantWriter(g);
      return true;
    }
    this.writerq.push(ownWaiter(g));
    return this.rt.park(g, 'sync.RWMutex.Lock', this.info);
  }

  private performRLock(g: G): boolean {
    if (!this.writer && this.writerq.length === 0) {
      this.grantReader(g);
      return true;
    }
    this.readerq.push(ownWaiter(g));
    return this.rt.park(g, 'sync.RWMutex.RLock', this.info);
  }

  private admitWriter(): void {
    if (this.writer || this.readers > 0) return;
    const w = this.writerq.shift();
    if (!w) return;
    this.grantWriter(w.g);
    this.rt.wake(w.g);
  }

  private grantWriter(g: G, site = g.site): void {
    this.writer = true;
    this.holder = g.id;
    this.edge(g, 0, 'acquire');
    this.edge(g, 1, 'acquire');
    this.rt.mon?.lock(g.id, this.info, true, false, site);
  }

  private grantReader(g: G, site = g.site): void {
    this.readers++;
    this.edge(g, 0, 'acquire');
    this.rt.mon?.lock(g.id, this.info, true, true, site);
  }
}
