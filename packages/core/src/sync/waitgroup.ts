/**
 * `sync.WaitGroup`.
 *
 * Invariants: `counter >= 0` (going below panics); waiters are queued only while
 * `counter > 0`, and all are released when it reaches 0.
 * Edges: `done`/`add(-n)` release; `wait` returning acquires.
 * Misuse as Go's race detector sees it: an `add` that raises the counter from zero
 * is reported to monitors as a write of the WaitGroup, and `wait` as a read, so an
 * `add` that is not ordered before a `wait` (the classic `wg.add` inside the
 * spawned goroutine) is a race on the WaitGroup, in every schedule.
 */
import { Panic } from '../runtime/errors.ts';
import { checkInteger } from '../runtime/validate.ts';
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { current } from '../runtime/runtime.ts';
import { captureSite } from '../runtime/location.ts';
import { ownWaiter, WaitQueue } from '../runtime/wait-queue.ts';

/**
 * Waits for a collection of goroutines to finish.
 *
 * @example
 * ```ts
 * const wg = new WaitGroup();
 * for (let i = 0; i < 3; i++) {
 *   wg.add(1);
 *   go(async () => { try { await work(i); } finally { wg.done(); } });
 * }
 * await wg.wait();
 * // or: wg.go(() => work(i));
 * ```
 */
export class WaitGroup extends RuntimeObject {
  readonly kind = 'waitgroup' as const;
  private counter = 0;
  private readonly waiters = new WaitQueue();
  private readonly waitOp: Op = new MethodOp('waitgroup.wait', this.id, this, this.performWait);

  constructor(name?: string) {
    super('new WaitGroup()', name);
  }

  /** The current counter (for tests and reports). */
  get count(): number {
    return this.counter;
  }

  /** Adds `n` (may be negative) to the counter; panics if it goes below zero. */
  add(n = 1): void {
    checkInteger('WaitGroup.add(n)', 'n', n);
    const g = this.running;
    if (n > 0 && this.counter === 0 && g) this.rt.mon?.access(g.id, this.info, true, false, this.rt.locations ? captureSite() : undefined);
    if (n < 0) this.edge(g, 0, 'release');
    this.counter += n;
    if (this.counter < 0) throw new Panic('sync: negative WaitGroup counter');
    if (this.counter === 0) {
      for (let w = this.waiters.shift(); w; w = this.waiters.shift()) {
        this.edge(w.g, 0, 'acquire');
        this.rt.wake(w.g);
      }
    }
  }

  /** `add(-1)`. */
  done(): void {
    this.add(-1);
  }

  /** Blocks until the counter is zero. */
  wait(): Promise<void> {
    return this.rt.suspend(this.waitOp);
  }

  /** Go 1.25's `WaitGroup.Go`: `add(1)`, then runs `fn` in a new goroutine that calls `done` when it returns. */
  go(fn: () => unknown, name?: string): void {
    this.add(1);
    // `done` as the body's `finally`, run by the kernel: no wrapper frame per goroutine.
    current('WaitGroup.go()').spawn(fn, name, this);
  }

  private performWait(g: G): boolean {
    this.rt.mon?.access(g.id, this.info, false, false, g.site);
    if (this.counter === 0) {
      this.edge(g, 0, 'acquire');
      return true;
    }
    this.waiters.push(ownWaiter(g));
    return this.rt.park(g, 'sync.WaitGroup.Wait', this.info);
  }
}
