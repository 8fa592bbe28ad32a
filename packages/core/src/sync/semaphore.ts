/**
 * A weighted semaphore (golang.org/x/sync/semaphore). Waiters are served in FIFO
 * order with no barging: an `acquire` that fits still waits if others queue before
 * it, and a large request at the head holds back smaller ones behind it.
 *
 * Invariants: `0 <= used <= size`; the head waiter does not fit (else it would
 * have been admitted).
 * Edges: `release` releases; `acquire` acquires.
 */
import { Panic } from '../runtime/errors.ts';
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { notePoll } from '../runtime/runtime.ts';
import { ownWaiter, WaitQueue } from '../runtime/wait-queue.ts';
import { checkInteger } from '../runtime/validate.ts';

/**
 * Bounds concurrent use of a resource of `size` units.
 *
 * @example
 * ```ts
 * const sem = new Semaphore(3);
 * await sem.acquire();
 * try { await fetchOne(); } finally { sem.release(); }
 * ```
 */
export class Semaphore extends RuntimeObject {
  readonly kind = 'semaphore' as const;
  private used = 0;
  private readonly waiters = new WaitQueue();
  private readonly acquireOp: Op = new MethodOp('semaphore.acquire', this.id, this, this.performAcquire);

  constructor(readonly size: number, name?: string) {
    super('new Semaphore()', name);
    checkInteger('new Semaphore(size)', 'size', size, 0);
  }

  /** Units currently held. */
  get held(): number {
    return this.used;
  }

  /** Acquires `k` units, blocking until they are available (forever if `k > size`, as Go without a context). */
  acquire(k = 1): Promise<void> {
    return this.rt.suspend(this.acquireOp, checkInteger('Semaphore.acquire(k)', 'k', k, 0));
  }

  /** Acquires `k` units if available now and nobody waits; returns whether it did. */
  tryAcquire(k = 1): boolean {
    checkInteger('Semaphore.tryAcquire(k)', 'k', k, 0);
    const g = this.running;
    if (!g || this.size - this.used < k || this.waiters.length > 0) {
      notePoll();
      return false;
    }
    this.grant(g, k);
    return true;
  }

  /** Releases `k` units; panics when releasing more than held. */
  release(k = 1): void {
    checkInteger('Semaphore.release(k)', 'k', k, 0);
    if (k > this.used) throw new Panic('semaphore: released more than held');
    this.edge(this.running, 0, 'release');
    this.used -= k;
    for (let w = this.waiters.head; w && this.size - this.used >= w.n; w = this.waiters.head) {
      this.waiters.remove(w);
      this.grant(w.g, w.n);
      this.rt.wake(w.g);
    }
  }

  private performAcquire(g: G): boolean {
    const k = g.arg as number;
    if (this.size - this.used >= k && this.waiters.length === 0) {
      this.grant(g, k);
      g.result = undefined;
      return true;
    }
    const w = ownWaiter(g);
    w.n = k;
    if (k <= this.size) this.waiters.push(w);
    return this.rt.park(g, 'semaphore.Acquire', this.info);
  }

  private grant(g: G, k: number): void {
    this.used += k;
    this.edge(g, 0, 'acquire');
  }
}
