/**
 * `sync/atomic`: every operation is a scheduling point and is sequentially
 * consistent (Go's memory model): it acquires and releases the variable, so a
 * store happens before the load that observes it. Atomic operations never race
 * with each other (those edges order them all).
 *
 * `plain` is the same variable accessed as ordinary memory (Go code that mixes
 * `atomic.AddInt32(&x, 1)` with a plain `x = 0`): no scheduling point, no edge, and
 * the access is shown to monitors as a plain one, so the race detector checks it
 * against every other access of the variable, the atomic ones included, as Go's does.
 *
 * Polls (fairness.ts): a `load`, or a failed `compareAndSwap`, of an atomic that no
 * operation wrote since this goroutine's previous load or failed compareAndSwap of
 * it. (The first look at an atomic is never a poll: a probe that moves on to
 * another atomic each time, as a hash table's, is not a spin.)
 * Invariant: `writes` counts the operations that wrote the value (store, swap,
 * add, successful compareAndSwap), a store of the same value included.
 */
import { MethodOp, POLLED, type G, type Op } from '../runtime/goroutine.ts';
import { RuntimeObject } from '../runtime/object.ts';
import { captureSite } from '../runtime/location.ts';

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
  private writes = 0;
  private readonly loadOp: Op = new MethodOp('atomic.load', this.id, this, this.performLoad);
  private readonly storeOp: Op = new MethodOp('atomic.store', this.id, this, this.performStore);
  private readonly swapOp: Op = new MethodOp('atomic.rmw', this.id, this, this.performSwap);
  private readonly casOp: Op = new MethodOp('atomic.rmw', this.id, this, this.performCompareAndSwap);
  private readonly addOp: Op = new MethodOp('atomic.rmw', this.id, this, this.performAdd);

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

  /**
   * The value as plain memory (Go's `x` where other code does `atomic.LoadInt32(&x)`):
   * no scheduling point, no happens-before edge, and race-checked like `Shared.value`,
   * against the atomic operations too.
   *
   * @example
   * ```ts
   * const hits = new Atomic(0);
   * go(() => hits.add(1));
   * hits.plain = 0; // DATA RACE with the add, as in Go
   * ```
   */
  get plain(): T {
    this.touchPlain(false);
    return this.v;
  }

  set plain(v: T) {
    this.touchPlain(true);
    this.v = v;
    this.writes++;
  }

  private touchPlain(write: boolean): void {
    const rt = this.rt;
    const g = rt.current;
    if (!g) return;
    rt.countAccess(g);
    rt.mon?.access(g.id, this.info, write, false, rt.locations ? captureSite() : undefined);
  }

  private performLoad(g: G): boolean {
    this.acquire(g);
    this.observe(g);
    g.result = this.v;
    return this.release(g, false);
  }

  private performStore(g: G): boolean {
    this.acquire(g);
    this.v = g.arg as T;
    this.writes++;
    g.result = undefined;
    return this.release(g, true);
  }

  private performSwap(g: G): boolean {
    this.acquire(g);
    g.result = this.v;
    this.v = g.arg as T;
    this.writes++;
    return this.release(g, true);
  }

  private performCompareAndSwap(g: G): boolean {
    this.acquire(g);
    const [expected, next] = g.arg as [T, T];
    const swapped = Object.is(this.v, expected);
    if (swapped) {
      this.v = next;
      this.writes++;
    } else {
      this.observe(g);
    }
    g.result = swapped;
    return this.release(g, true);
  }

  private performAdd(g: G): boolean {
    this.acquire(g);
    this.v = ((this.v as number) + (g.arg as number)) as T;
    this.writes++;
    g.result = this.v;
    return this.release(g, true);
  }

  /** `g` reads the value: a poll when nothing wrote it since `g` last read it so. */
  private observe(g: G): void {
    const seen = (g.loaded ??= new Map());
    if (seen.get(this.id) === this.writes) g.fair = POLLED;
    else seen.set(this.id, this.writes);
  }

  // Every operation is a read-modify-write under sequential consistency: it acquires
  // what earlier operations released, is reported as an access, then releases.
  private acquire(g: G): void {
    this.edge(g, 0, 'acquire');
  }

  private release(g: G, write: boolean): true {
    const site = this.rt.siteOf(g);
    this.rt.mon?.access(g.id, this.info, write, true, site);
    this.edge(g, 0, 'release');
    return true;
  }
}
