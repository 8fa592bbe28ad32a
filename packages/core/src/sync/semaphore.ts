/**
 * A weighted semaphore (golang.org/x/sync/semaphore). Waiters are served in FIFO
 * order with no barging: an `acquire` that fits still waits if others queue before
 * it, and a large request at the head holds back smaller ones behind it.
 *
 * `acquire(ctx, k)` is x/sync's `Acquire(ctx, n)`: it gives up with `ctx.err()` when
 * the context is done first (a waiter that gives up at the head lets the ones behind
 * it in if they fit, so it starves nobody); one admitted while the context got done
 * before it ran gives the units back and fails too, as Go's does.
 *
 * Invariants: `0 <= used <= size`; the head waiter does not fit (else it would
 * have been admitted); a queued waiter of `acquire(ctx, k)` holds its `CtxWait` in
 * `value`.
 * Edges: `release` releases; `acquire` acquires; a failed `acquire(ctx, k)` acquires
 * the close of the context's done channel.
 */
import { Panic } from '../runtime/errors.ts';
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { notePoll } from '../runtime/runtime.ts';
import { ownWaiter, WaitQueue, type Waiter } from '../runtime/wait-queue.ts';
import { checkInteger } from '../runtime/validate.ts';
import type { Context } from '../context/context.ts';
import { NIL } from '../chan/chan.ts';

/** A queued `acquire(ctx, k)`: its context, its weight, and what unhooks it from the context's done channel. */
interface CtxWait {
  readonly ctx: Context;
  readonly k: number;
  unhook: () => void;
}

function noop(): void {}

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
  private readonly acquireCtxOp: Op = new MethodOp('semaphore.acquire', this.id, this, this.performAcquireCtx);
  /** An admitted `acquire(ctx, k)` waiter's step: it checks its context before it returns. */
  private readonly admittedOp: Op = new MethodOp('semaphore.acquire', this.id, this, this.performAdmitted);

  constructor(readonly size: number, name?: string) {
    super('new Semaphore()', name);
    checkInteger('new Semaphore(size)', 'size', size, 0);
  }

  /** Units currently held. */
  get held(): number {
    return this.used;
  }

  /** Acquires `k` units, blocking until they are available (forever if `k > size`, as Go without a context). */
  acquire(k?: number): Promise<void>;
  /**
   * x/sync's `Acquire(ctx, n)`: acquires `k` units, or gives up when `ctx` is done
   * first; resolves to `undefined` when acquired, else to `ctx.err()`.
   *
   * @example
   * ```ts
   * const [ctx, cancel] = context.withTimeout(context.background(), 100);
   * const err = await sem.acquire(ctx, 2);
   * if (err === undefined) sem.release(2);
   * ```
   */
  acquire(ctx: Context, k?: number): Promise<Error | undefined>;
  acquire(a?: number | Context, k = 1): Promise<Error | undefined> | Promise<void> {
    if (typeof a === 'object' && a !== null) {
      return this.rt.suspend<Error | undefined>(this.acquireCtxOp, [a, checkInteger('Semaphore.acquire(ctx, k)', 'k', k, 0)]);
    }
    return this.rt.suspend<void>(this.acquireOp, checkInteger('Semaphore.acquire(k)', 'k', a ?? 1, 0));
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
    this.admit();
  }

  /** Admits waiters from the head while they fit (Go's notifyWaiters). */
  private admit(): void {
    for (let w = this.waiters.head; w && this.size - this.used >= w.n; w = this.waiters.head) {
      this.waiters.remove(w);
      this.grant(w.g, w.n);
      const withCtx = w.value as CtxWait | undefined;
      this.rt.wake(w.g);
      if (withCtx) {
        withCtx.unhook();
        // It checks its context when it runs (Go's second select).
        w.g.op = this.admittedOp;
        w.g.arg = withCtx;
      }
    }
  }

  private performAcquireCtx(g: G): boolean {
    const [ctx, k] = g.arg as [Context, number];
    const done = ctx.done();
    if (done.isClosed) return this.failWith(g, ctx);
    const w = this.grantOrQueue(g, k);
    if (w === undefined) return true;
    if (done.flavor !== NIL) {
      const wait: CtxWait = { ctx, k, unhook: noop };
      w.value = wait;
      wait.unhook = done.onClose(() => this.giveUp(w, ctx));
    }
    return this.rt.park(g, 'semaphore.Acquire', this.info);
  }

  /** The context of a waiting `acquire(ctx, k)` is done: it leaves the queue, letting the next in when it was the head. */
  private giveUp(w: Waiter, ctx: Context): void {
    const wasHead = this.waiters.head === w;
    this.waiters.remove(w);
    if (wasHead && this.size > this.used) this.admit();
    ctx.done().observeClose(w.g);
    this.rt.wake(w.g, ctx.err());
  }

  /** An admitted `acquire(ctx, k)` resumes: if its context got done meanwhile, it gives the units back and fails. */
  private performAdmitted(g: G): boolean {
    const { ctx, k } = g.arg as CtxWait;
    if (!ctx.done().isClosed) {
      g.result = undefined;
      return true;
    }
    this.edge(g, 0, 'release');
    this.used -= k;
    this.admit();
    return this.failWith(g, ctx);
  }

  private failWith(g: G, ctx: Context): true {
    ctx.done().observeClose(g);
    g.result = ctx.err();
    return true;
  }

  private performAcquire(g: G): boolean {
    return this.grantOrQueue(g, g.arg as number) === undefined || this.rt.park(g, 'semaphore.Acquire', this.info);
  }

  /**
   * Grants `k` units to `g` when they fit and nobody waits (undefined: done), else
   * returns `g`'s waiter, queued, for the caller to park. A request larger than the
   * semaphore is not queued: it must not hold back the others (it waits forever, or
   * for its context).
   */
  private grantOrQueue(g: G, k: number): Waiter | undefined {
    if (this.size - this.used >= k && this.waiters.length === 0) {
      this.grant(g, k);
      g.result = undefined;
      return undefined;
    }
    const w = ownWaiter(g);
    w.n = k;
    if (k <= this.size) this.waiters.push(w);
    return w;
  }

  private grant(g: G, k: number): void {
    this.used += k;
    this.edge(g, 0, 'acquire');
  }
}
