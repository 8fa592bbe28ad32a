/**
 * golang.org/x/sync/errgroup: goroutines working on subtasks of one task; the
 * first error wins and cancels the group's context; `wait` returns it.
 *
 * A function's error is what it throws (or an `Error` it returns). A `Panic` is
 * not an error: it ends the run, as a panic in Go's errgroup does.
 * `setLimit(n)` bounds how many functions run at once. Go's `Go` blocks the
 * caller while the group is full; here `go` returns at once (it returns `void` and
 * is called without `await`) and the new goroutine waits for a slot before calling
 * its function (`tryGo` never waits).
 * Edges: each function finishing happens before `wait` returns (a WaitGroup).
 */
import { Panic } from '../runtime/errors.ts';
import { isInstance } from '../runtime/thrown.ts';
import { current } from '../runtime/runtime.ts';
import { checkSameMode } from '../runtime/production.ts';
import { context, type Context } from '../context/context.ts';
import { WaitGroup } from './waitgroup.ts';
import { Semaphore } from './semaphore.ts';

/**
 * A group of goroutines with error propagation.
 *
 * @example
 * ```ts
 * const [g, ctx] = ErrGroup.withContext(context.background());
 * for (const url of urls) g.go(() => fetchWithContext(ctx, url));
 * const err = await g.wait(); // the first error, or undefined
 * ```
 */
export class ErrGroup {
  private readonly wg = new WaitGroup('errgroup');
  private error: unknown = undefined;
  private failed = false;
  private cancel: (() => void) | undefined;
  private slots: Semaphore | undefined;
  private active = 0;

  /** A group, and a context canceled when a function first fails or `wait` returns. */
  static withContext(ctx: Context): [ErrGroup, Context] {
    const [derived, cancel] = context.withCancel(ctx);
    const g = new ErrGroup();
    g.cancel = cancel;
    return [g, derived];
  }

  /** Runs `fn` in a new goroutine (waiting for a slot first when a limit is set). */
  go(fn: () => unknown, name?: string): void {
    const slots = this.slots;
    this.start(fn, name, slots ? () => slots.acquire() : undefined);
  }

  /** Runs `fn` only if a slot is free now; returns whether it did. */
  tryGo(fn: () => unknown, name?: string): boolean {
    if (this.slots && !this.slots.tryAcquire()) return false;
    this.start(fn, name, undefined);
    return true;
  }

  /** Limits the group to `n` functions at once (negative: no limit). */
  setLimit(n: number): void {
    if (this.active > 0) throw new Panic(`errgroup: modify limit while ${this.active} goroutines in the group are still active`);
    this.slots = n < 0 ? undefined : new Semaphore(n, 'errgroup.limit');
  }

  /** Waits for every function; returns the first error (or undefined) and cancels the context. */
  async wait(): Promise<unknown> {
    await this.wg.wait();
    this.cancel?.();
    return this.error;
  }

  private start(fn: () => unknown, name: string | undefined, slot: (() => Promise<void>) | undefined): void {
    const rt = current('ErrGroup.go()');
    if (this.wg.rt !== rt) checkSameMode(this.wg.rt, rt, 'new ErrGroup()');
    this.wg.add(1);
    this.active++;
    const slots = this.slots;
    rt.spawn(async () => {
      try {
        if (slot) await slot();
        const r = await fn();
        if (isInstance(r, Error)) this.fail(r);
      } catch (e) {
        if (isInstance(e, Panic)) throw e;
        this.fail(e);
      } finally {
        if (slots) slots.release();
        this.active--;
        this.wg.done();
      }
    }, name);
  }

  private fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.error = e;
    this.cancel?.();
  }
}
