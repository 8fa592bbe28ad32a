/**
 * `sync/atomic`: every operation is a scheduling point and is sequentially
 * consistent (Go's memory model): it acquires and releases the variable, so a
 * store happens before the load that observes it. Atomics never race.
 */
import type { G, Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';

/**
 * An atomic variable.
 *
 * @example
 * ```ts
 * const n = new Atomic(0);
 * await n.add(1);
 * if (await n.compareAndSwap(1, 5)) await n.load(); // 5
 * ```
 */
export class Atomic<T> extends RuntimeObject {
  readonly kind = 'atomic' as const;
  private v: T;
  private readonly loadOp: Op = { kind: 'atomic.load', object: this.id, perform: (g) => this.rmw(g, false, () => this.v) };
  private readonly storeOp: Op = {
    kind: 'atomic.store',
    object: this.id,
    perform: (g) => this.rmw(g, true, () => {
      this.v = g.arg as T;
      return undefined;
    }),
  };
  private readonly swapOp: Op = {
    kind: 'atomic.rmw',
    object: this.id,
    perform: (g) => this.rmw(g, true, () => {
      const old = this.v;
      this.v = g.arg as T;
      return old;
    }),
  };
  private readonly casOp: Op = {
    kind: 'atomic.rmw',
    object: this.id,
    perform: (g) => this.rmw(g, true, () => {
      const [expected, next] = g.arg as [T, T];
      if (!Object.is(this.v, expected)) return false;
      this.v = next;
      return true;
    }),
  };
  private readonly addOp: Op = {
    kind: 'atomic.rmw',
    object: this.id,
    perform: (g) => this.rmw(g, true, () => {
      this.v = ((this.v as number) + (g.arg as number)) as T;
      return this.v;
    }),
  };

  constructor(initial: T, name?: string) {
    super('new Atomic()', name);
    this.v = initial;
  }

  load(): Promise<T> {
    return this.rt.suspend(this.loadOp);
  }
  store(v: T): Promise<void> {
    return this.rt.suspend(this.storeOp, v);
  }
  swap(v: T): Promise<T> {
    return this.rt.suspend(this.swapOp, v);
  }
  compareAndSwap(old: T, v: T): Promise<boolean> {
    return this.rt.suspend(this.casOp, [old, v]);
  }
  /** Adds `d` to a numeric atomic and returns the new value. */
  add(this: Atomic<number>, d: number): Promise<number> {
    return this.rt.suspend(this.addOp, d);
  }

  /** Reads without a scheduling point (for assertions after the program, never inside goroutines). */
  peek(): T {
    return this.v;
  }

  private rmw(g: G, write: boolean, apply: () => unknown): true {
    this.edge(g, 0, 'acquire');
    g.result = apply();
    this.rt.mon?.access(g.id, this, write, true, g.site);
    this.edge(g, 0, 'release');
    return true;
  }
}
