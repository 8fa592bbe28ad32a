/**
 * `sync.Cond`. As in Go, `wait` joins the notify list while still holding the
 * lock, then unlocks, parks, and re-locks before returning, so a `signal` that
 * happens after `wait` was called is never lost. `signal`/`broadcast` need not
 * hold the lock. The happens-before edges come from the lock.
 *
 * Invariant: a waiter is in `waiters` until signaled; `Waiter.n` is 1 once signaled;
 * `Waiter.value` is the goroutine parked on it, from its park to its signal (the
 * goroutine that performs the wait, which in production mode is not `running`).
 */
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { UsageError } from '../runtime/errors.ts';
import { WaitRecord, WaitQueue, type Waiter } from '../runtime/wait-queue.ts';
import type { Locker } from './mutex.ts';

const SIGNALED = 1;

/**
 * A condition variable.
 *
 * @example
 * ```ts
 * const mu = new Mutex();
 * const ready = new Cond(mu);
 * await mu.lock();
 * while (!queue.value.length) await ready.wait();
 * mu.unlock();
 * // elsewhere: queue.value.push(x); ready.signal();
 * ```
 */
export class Cond extends RuntimeObject {
  readonly kind = 'cond' as const;
  private readonly waiters = new WaitQueue();
  private readonly waitOp: Op = new MethodOp('cond.wait', this.id, this, this.performWait);

  constructor(readonly locker: Locker, name?: string) {
    super('new Cond()', name);
  }

  /** Unlocks `locker`, waits for a signal, re-locks. Precondition: the caller holds `locker`. */
  async wait(): Promise<void> {
    const g = this.running;
    if (!g) throw new UsageError('Cond.wait() called outside a goroutine');
    const w = new WaitRecord(g);
    this.waiters.push(w);
    this.locker.unlock();
    await this.rt.suspend(this.waitOp, w);
    await this.locker.lock();
  }

  /** Wakes one waiting goroutine, if any. */
  signal(): void {
    const w = this.waiters.shift();
    if (w) this.notify(w);
  }

  /** Wakes every waiting goroutine. */
  broadcast(): void {
    for (let w = this.waiters.shift(); w; w = this.waiters.shift()) this.notify(w);
  }

  private notify(w: Waiter): void {
    w.n = SIGNALED;
    const g = w.value as G | undefined;
    if (g === undefined) return;
    w.value = undefined;
    this.rt.wake(g);
  }

  private performWait(g: G): boolean {
    const w = g.arg as Waiter;
    if (w.n === SIGNALED) {
      g.result = undefined;
      return true;
    }
    w.value = g;
    return this.rt.park(g, 'sync.Cond.Wait', this.info);
  }
}
