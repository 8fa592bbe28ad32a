/**
 * Channels, with Go's semantics (runtime/chan.go).
 *
 * Invariants:
 * - At most one of `sendq` and `recvq` is non-empty.
 * - A non-empty buffer means no receiver waits; a buffer with room means no sender waits.
 * - Once closed, `sendq` is empty (close woke every sender with a panic) and so is
 *   `recvq` (close woke every receiver with the zero value and ok = false).
 * - Waiters are woken only after the channel's state change is complete.
 *
 * Happens-before edges (reported to monitors as Go's race detector models them):
 * an unbuffered hand-off synchronizes both ways; on a buffered channel of capacity
 * C both sides acquire and release buffer slot k mod C, so the k-th send happens
 * before the k-th receive completes and the k-th receive before the (k+C)-th send
 * completes; close releases slot -1 and every receive that observes the close
 * acquires it. Sends by timers carry no edge.
 *
 * Production mode (outside any run) performs the same ops through its kernel; a
 * channel made there also gets own `send`/`recv` methods with fast paths for the
 * hand-off to a parked partner and for parking (the ping-pong of two goroutines),
 * which fall back to the shared ops for everything else. Channels of a run keep the
 * prototype's methods: the in-run path is the same code as ever. (Measured: a third
 * own method, `recvOk`, costs more than its fast path saves.)
 */
import { current, notePoll } from '../runtime/runtime.ts';
import type { Kernel } from '../runtime/kernel.ts';
import { MethodOp, type G, type Op } from '../runtime/goroutine.ts';
import { Panic } from '../runtime/errors.ts';
import { ownWaiter, WaitQueue, cancelSelect, type Waiter } from '../runtime/wait-queue.ts';
import type { ObjectInfo } from '../runtime/types.ts';
import { describe } from '../runtime/object.ts';
import { isProduction, type ProductionKernel } from '../runtime/production.ts';

/** The synchronization slot of a channel's close. */
const CLOSE_SLOT = -1;
/** The synchronization slot of a timer's arming (`new Timer`, `reset`, `new Ticker`): released by the caller, acquired by the receive of its value. */
export const TIMER_SLOT = -2;
/** The largest buffer a channel can have (a JavaScript array's length limit; Go's depends on the element size). */
const MAX_CAPACITY = 2 ** 32 - 1;

/** What kind of channel: made by `chan()`, a timer's (Go 1.23's synchronous timer channel), or Go's nil channel. */
export const PLAIN = 0;
export const TIMER = 1;
export const NIL = 2;
export type ChanFlavor = typeof PLAIN | typeof TIMER | typeof NIL;
/** Waiter.n for a receiver that wants `[value, ok]`. */
const WANTS_OK = 1;
/** A completed send, in production's fast path. */
const SETTLED = Promise.resolve(undefined);

/** What a goroutine parked in a select is resumed with. */
export interface SelectOutcome {
  index: number;
  value: unknown;
  ok: boolean;
}

/**
 * A Go channel. Create with {@link chan}.
 *
 * @example
 * ```ts
 * const ch = chan<string>(1);
 * await ch.send('hi');
 * const [v, ok] = await ch.recvOk(); // ['hi', true]
 * ch.close();
 * for await (const x of ch) {} // ends at once: closed and drained
 * ```
 */
export class Chan<T> implements ObjectInfo, AsyncIterable<T> {
  readonly id: number;
  readonly kind = 'chan' as const;
  /** The buffer's size (a timer channel's one slot, though it reports `capacity` 0). */
  private readonly cap: number;
  /** @internal */ readonly rt: Kernel;
  /** @internal */ readonly recvq = new WaitQueue();
  /** @internal */ readonly sendq = new WaitQueue();
  private readonly buf: (T | undefined)[];
  private count = 0;
  /** Buffer index of the next receive (Go's recvx); the next send goes to (recvx + count) mod capacity. */
  private recvx = 0;
  private closed = false;
  private readonly sendOp: Op;
  #info: ObjectInfo | undefined = undefined;
  #owner: ObjectInfo | undefined = undefined;
  private readonly recvOp: Op;
  private readonly recvOkOp: Op;
  /** Called once each when the channel is closed, after its waiters were woken (a context watching a parent of its user's). */
  private closeListeners: Set<() => void> | undefined = undefined;

  /**
   * `api`: @internal what made the channel, for production mode's errors (a Timer's, a context's).
   * `flavor`: @internal a timer's channel or a nil channel (see {@link nilChan}).
   */
  constructor(capacity = 0, readonly name?: string, api = 'chan()', /** @internal */ readonly flavor: ChanFlavor = PLAIN) {
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY) throw new Panic('makechan: size out of range');
    this.rt = current(api);
    this.id = this.rt.newObjectId();
    this.cap = capacity;
    this.buf = new Array<T | undefined>(capacity);
    if (flavor === NIL) {
      this.sendOp = new MethodOp('chan.send', this.id, this, this.performNilSend);
      this.recvOp = this.recvOkOp = new MethodOp('chan.recv', this.id, this, this.performNilRecv);
      return;
    }
    this.sendOp = new MethodOp('chan.send', this.id, this, this.performSend);
    this.recvOp = new MethodOp('chan.recv', this.id, this, this.performRecvValue);
    this.recvOkOp = new MethodOp('chan.recv', this.id, this, this.performRecvOk);
    if (isProduction(this.rt)) {
      const own = this as unknown as Record<'send' | 'recv', unknown>;
      own.send = this.productionSend;
      own.recv = this.productionRecv;
    }
  }

  /** @internal The channel's descriptor for monitors and wait records (see `RuntimeObject.info`). */
  get info(): ObjectInfo {
    return (this.#info ??= describe(this));
  }

  /**
   * @internal The descriptor, under the channel's id, of what owns it: a timer (its
   * arming, TIMER_SLOT) or a context (its lock). Its edges are not channel operations:
   * the deadlock detector's channel partners ignore them.
   */
  ownerInfo(kind: 'timer' | 'context'): ObjectInfo {
    return (this.#owner ??= Object.freeze({ id: this.id, kind, name: this.name }));
  }

  /** Values in the buffer (Go's `len(ch)`; 0 for a timer's channel, as in Go 1.23). */
  get length(): number {
    notePoll();
    return this.flavor === TIMER ? 0 : this.count;
  }

  /** The buffer's size (Go's `cap(ch)`; 0 for a timer's channel, as in Go 1.23, and for a nil channel). */
  get capacity(): number {
    return this.flavor === TIMER ? 0 : this.cap;
  }

  /** Sends `v`; blocks until a receiver takes it or the buffer has room. Panics if the channel is closed. */
  send(v: T): Promise<void> {
    return this.rt.suspend(this.sendOp, v);
  }

  /** Receives a value; `undefined` once the channel is closed and drained. */
  recv(): Promise<T | undefined> {
    return this.rt.suspend(this.recvOp);
  }

  /** `v, ok := <-ch`: ok is false when the value comes from a closed, drained channel. */
  recvOk(): Promise<[T | undefined, boolean]> {
    return this.rt.suspend(this.recvOkOp);
  }

  /** Closes the channel: receivers drain the buffer, then get `undefined, false`; blocked and later senders panic. */
  close(): void {
    if (this.flavor === NIL) throw new Panic('close of nil channel');
    if (this.closed) throw new Panic('close of closed channel');
    const g = this.rt.current;
    this.closed = true;
    if (g) this.rt.mon?.sync(g.id, this.info, CLOSE_SLOT, 'release');
    for (let w = this.recvq.shift(); w; w = this.recvq.shift()) {
      this.syncAcquireClose(w.g);
      this.wakeReceiver(w, undefined, false);
    }
    for (let w = this.sendq.shift(); w; w = this.sendq.shift()) {
      this.syncAcquireClose(w.g);
      if (w.select) cancelSelect(w.select);
      this.rt.wakeWithError(w.g, new Panic('send on closed channel'));
    }
    const listeners = this.closeListeners;
    this.closeListeners = undefined;
    if (listeners) for (const f of listeners) f();
  }

  /** @internal Calls `f` when the channel is closed (never, if it is already); returns what removes it. */
  onClose(f: () => void): () => void {
    if (this.closed || this.flavor === NIL) return noop;
    (this.closeListeners ??= new Set()).add(f);
    return () => this.closeListeners?.delete(f);
  }

  /** @internal `g` observed the close (the edge a receive that sees it makes), as `<-done` in a select would. */
  observeClose(g: G): void {
    this.syncAcquireClose(g);
  }

  /** @internal Whether `close` was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** `for await (const v of ch)`: Go's `for v := range ch`. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.recvOk().then(([value, ok]): IteratorResult<T> => (ok ? { value: value as T, done: false } : { value: undefined, done: true })),
    };
  }

  // ---- used by select and timers --------------------------------------------

  /** @internal Whether a send would complete (or panic) without blocking (never, on a nil channel). */
  sendReady(): boolean {
    return this.closed || this.recvq.length > 0 || this.count < this.cap;
  }

  /** @internal Whether a receive would complete without blocking (never, on a nil channel). */
  recvReady(): boolean {
    return this.sendq.length > 0 || this.count > 0 || this.closed;
  }

  /** @internal Sends on behalf of `g` (undefined: a timer); precondition `sendReady()`. Returns a panic to throw, if any. */
  sendNow(g: G | undefined, v: T): Panic | undefined {
    if (this.closed) return new Panic('send on closed channel');
    const r = this.recvq.shift();
    if (r) {
      if (this.cap === 0) this.handoffSync(g, r.g);
      else {
        // Go's buffered send to a parked receiver: both sides use the slot, then it is passed.
        this.slotSync(g, this.recvx);
        this.slotSync(r.g, this.recvx);
        this.recvx = (this.recvx + 1) % this.cap;
      }
      this.wakeReceiver(r, v, true);
      return undefined;
    }
    const slot = (this.recvx + this.count) % this.cap;
    this.slotSync(g, slot);
    this.buf[slot] = v;
    this.count++;
    return undefined;
  }

  /**
   * @internal Receives on behalf of `g`; precondition `recvReady()`. The value goes to
   * `g.result` (no tuple per receive); returns ok.
   */
  recvNow(g: G): boolean {
    const s = this.sendq.shift();
    if (s) {
      const v = s.value as T;
      if (this.cap === 0) {
        this.handoffSync(g, s.g);
        this.wakeSender(s);
        g.result = v;
        return true;
      }
      // The buffer is full: take its head, and move the sender's value into the freed slot.
      const slot = this.recvx;
      const head = this.buf[slot] as T;
      this.slotSync(g, slot);
      this.slotSync(s.g, slot);
      this.buf[slot] = v;
      this.recvx = (slot + 1) % this.cap;
      this.wakeSender(s);
      g.result = head;
      return true;
    }
    if (this.count > 0) {
      const slot = this.recvx;
      const v = this.buf[slot] as T;
      this.buf[slot] = undefined;
      this.slotSync(g, slot);
      this.recvx = (slot + 1) % this.cap;
      this.count--;
      if (this.flavor === TIMER) this.rt.mon?.sync(g.id, this.ownerInfo('timer'), TIMER_SLOT, 'acquire');
      g.result = v;
      return true;
    }
    this.syncAcquireClose(g);
    g.result = undefined;
    return false;
  }

  /**
   * @internal A timer's send: never blocks, dropped when the buffer is full (as a Ticker
   * drops ticks). A receiver it wakes acquires the timer's arming (TIMER_SLOT); one that
   * takes the value from the buffer later acquires it in `recvNow`.
   */
  offerFromTimer(v: T): void {
    if (this.closed) return;
    const r = this.recvq.head;
    if (r) this.rt.mon?.sync(r.g.id, this.ownerInfo('timer'), TIMER_SLOT, 'acquire');
    if (r || this.count < this.cap) this.sendNow(undefined, v);
  }

  /**
   * @internal Empties the buffer (a stopped or reset timer's value not yet received);
   * returns whether there was one: with Go 1.23's synchronous timer channels such a
   * timer has not fired yet.
   */
  drain(): boolean {
    const had = this.count > 0;
    this.buf.fill(undefined);
    this.count = 0;
    return had;
  }

  // ---- production mode's fast paths --------------------------------------------
  // Exactly what performSend/performRecv do for these cases, without the monitor
  // edges (production has no monitors) and without a detour through `suspend`.

  /** `send` in production: hands `v` to a parked plain receiver, or parks when nothing can take it. */
  private productionSend(v: T): Promise<void> {
    const rt = this.rt as ProductionKernel;
    rt.check();
    if (!this.closed) {
      const r = this.recvq.head;
      if (r !== undefined) {
        if (r.select === undefined) {
          this.recvq.dropHead(r);
          if (this.cap !== 0) this.recvx = (this.recvx + 1) % this.cap;
          rt.wake(r.g, r.n === WANTS_OK ? [v, true] : v);
          return SETTLED;
        }
      } else if (this.count === this.cap) {
        return rt.parkIn(this.sendq, v, 0, 'chan send', this.#info ?? this.info);
      }
    }
    return rt.suspend(this.sendOp, v);
  }

  /** `recv` in production: takes from a parked plain sender of an unbuffered channel, or parks when nothing is there. */
  private productionRecv(): Promise<T | undefined> {
    const rt = this.rt as ProductionKernel;
    rt.check();
    const s = this.sendq.head;
    if (s !== undefined) {
      if (this.cap === 0 && s.select === undefined) {
        this.sendq.dropHead(s);
        const v = s.value as T;
        rt.wake(s.g);
        return Promise.resolve(v);
      }
    } else if (this.count === 0 && !this.closed) {
      return rt.parkIn(this.recvq, undefined, 0, 'chan receive', this.#info ?? this.info);
    }
    return rt.suspend(this.recvOp);
  }

  // ---- internals -------------------------------------------------------------

  /** A send on a nil channel blocks forever. */
  private performNilSend(g: G): boolean {
    return this.rt.park(g, 'chan send (nil chan)', undefined);
  }

  /** A receive from a nil channel blocks forever. */
  private performNilRecv(g: G): boolean {
    return this.rt.park(g, 'chan receive (nil chan)', undefined);
  }

  private performSend(g: G): boolean {
    if (this.sendReady()) {
      const p = this.sendNow(g, g.arg as T);
      // A send has no result (the value was its argument, in the same field).
      g.result = undefined;
      if (p) {
        g.failed = true;
        g.error = p;
      }
      return true;
    }
    const w = ownWaiter(g);
    w.value = g.arg;
    this.sendq.push(w);
    return this.rt.park(g, 'chan send', this.info);
  }

  private performRecvValue(g: G): boolean {
    return this.performRecv(g, 0);
  }

  private performRecvOk(g: G): boolean {
    return this.performRecv(g, WANTS_OK);
  }

  private performRecv(g: G, wantsOk: number): boolean {
    if (this.recvReady()) {
      const ok = this.recvNow(g);
      if (wantsOk) g.result = [g.result, ok];
      return true;
    }
    const w = ownWaiter(g);
    w.n = wantsOk;
    this.recvq.push(w);
    return this.rt.park(g, 'chan receive', this.info);
  }

  private wakeReceiver(w: Waiter, v: T | undefined, ok: boolean): void {
    if (w.select) {
      cancelSelect(w.select);
      const outcome: SelectOutcome = { index: w.n, value: v, ok };
      this.rt.wake(w.g, outcome);
    } else {
      this.rt.wake(w.g, w.n === WANTS_OK ? [v, ok] : v);
    }
  }

  private wakeSender(w: Waiter): void {
    if (w.select) {
      cancelSelect(w.select);
      const outcome: SelectOutcome = { index: w.n, value: undefined, ok: true };
      this.rt.wake(w.g, outcome);
    } else {
      this.rt.wake(w.g);
    }
  }

  /** Unbuffered hand-off between the goroutine acting now and the parked partner: edges both ways. */
  private handoffSync(active: G | undefined, parked: G): void {
    const mon = this.rt.mon;
    if (!mon || !active) return;
    mon.sync(active.id, this.info, 0, 'release');
    mon.sync(parked.id, this.info, 0, 'acquire');
    mon.sync(parked.id, this.info, 0, 'release');
    mon.sync(active.id, this.info, 0, 'acquire');
  }

  private slotSync(g: G | undefined, slot: number): void {
    const mon = this.rt.mon;
    if (!mon || !g) return;
    mon.sync(g.id, this.info, slot, 'acquire');
    mon.sync(g.id, this.info, slot, 'release');
  }

  private syncAcquireClose(g: G): void {
    this.rt.mon?.sync(g.id, this.info, CLOSE_SLOT, 'acquire');
  }
}

/**
 * `make(chan T, capacity)`: a channel of the running program.
 *
 * @example
 * ```ts
 * const jobs = chan<number>(10);   // buffered
 * const done = chan<void>();        // unbuffered: send and receive rendezvous
 * ```
 */
export function chan<T>(capacity = 0, name?: string): Chan<T> {
  return new Chan<T>(capacity, name);
}

/**
 * Go's nil channel (`var ch chan T`): a send or a receive on it blocks forever, `close`
 * panics `close of nil channel`, and as a `select` case it is never ready (so setting a
 * case's channel to `nilChan()`, or to `null`, disables that case, as Go programs do).
 * Its `length` and `capacity` are 0. There is one per run: `ch === nilChan()` is Go's
 * `ch == nil`.
 *
 * @example
 * ```ts
 * let a = chan<number>(); // ...
 * const v = await select(recv(a, (v, ok) => { if (!ok) a = nilChan(); return v; }), recv(b, (v) => v));
 * a === nilChan<number>(); // true once a was closed: its case is off
 * ```
 */
export function nilChan<T>(): Chan<T> {
  const rt = current('nilChan()');
  let ch = nilChans.get(rt);
  if (ch === undefined) {
    ch = new Chan<never>(0, 'nil', 'nilChan()', NIL);
    nilChans.set(rt, ch);
  }
  return ch as Chan<T>;
}

function noop(): void {}

/** The nil channel of each run (and of production mode). */
const nilChans = new WeakMap<Kernel, Chan<never>>();
