/**
 * Go's `context`: cancellation that propagates from a context to every context
 * derived from it, and deadlines on the virtual clock (on the real clock, in epoch
 * milliseconds, in production mode).
 *
 * Invariants: once `err()` is set it never changes, and `done()` is closed; a
 * canceled context has no children (they were canceled with it) and is no longer
 * a child of its parent.
 *
 * Parents: a context of this module registers its children (Go's cancelCtx); any
 * other `Context` (a user's type that delegates to another context) is watched
 * through its `done()` channel, whose close cancels the child at once (Go's
 * propagateCancel starts a goroutine for such a parent; here no goroutine is needed,
 * and none is left behind to be reported as a leak).
 *
 * Edges: cancel closes the done channel, so a cancel happens before every receive
 * that observes `done()` closed (the channel's close edge). `err()` and cancel take
 * the context's lock, as Go's do: each acquires and releases it (CTX_LOCK_SLOT on the
 * done channel), so a cancel happens before the `err()` that observes it.
 */
import { Chan, nilChan, NIL } from '../chan/chan.ts';
import { current, notePoll } from '../runtime/runtime.ts';
import { checkSameMode } from '../runtime/production.ts';
import { Panic } from '../runtime/errors.ts';
import { checkDuration } from '../runtime/validate.ts';
import type { TimerEntry } from '../runtime/timer-heap.ts';
import type { Kernel } from '../runtime/kernel.ts';

/**
 * A Go `context.Context`.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = context.withTimeout(context.background(), 50);
 * await select(recv(ctx.done(), () => ctx.err()), recv(work, (v) => v));
 * cancel();
 * ```
 */
export interface Context {
  /** Closed when the context is canceled or its deadline passes (never, for `background`). */
  done(): Chan<void>;
  /** `undefined` until done; then `context.Canceled` or `context.DeadlineExceeded`. */
  err(): Error | undefined;
  /** The time (`now()`'s clock) at which it will be canceled, if any. */
  deadline(): number | undefined;
  /** The value stored under `key` by `withValue` on this context or an ancestor. */
  value(key: unknown): unknown;
}

/** `context.Canceled`: the error of a context canceled by its cancel function. */
const Canceled = new Error('context canceled');
/** `context.DeadlineExceeded`: the error of a context whose deadline passed. */
const DeadlineExceeded = new Error('context deadline exceeded');

/** The synchronization slot of a context's lock, on its done channel. */
const CTX_LOCK_SLOT = -3;
/** The key under which a cancelable context answers `value` with itself (Go's `&cancelCtxKey`, for `cause`). */
const CANCEL_CTX_KEY = Symbol('context.cancelCtxKey');

/** Something a context cancels with itself: a child context, or an `afterFunc`. */
interface Canceler {
  cancel(err: Error, cause: unknown): void;
}

class BackgroundCtx implements Context {
  private ch: Chan<void> | undefined;
  done(): Chan<void> {
    return (this.ch ??= new Chan<void>(0, 'context.Background.Done'));
  }
  err(): undefined {
    notePoll();
    return undefined;
  }
  deadline(): undefined {
    return undefined;
  }
  value(): undefined {
    return undefined;
  }
}

/** A context that can be canceled (Go's cancelCtx and timerCtx). */
class CancelCtx implements Context, Canceler {
  private readonly ch = new Chan<void>(0, 'context.Done', 'context');
  private error: Error | undefined;
  /** What `context.cause` answers once canceled. */
  causeValue: unknown = undefined;
  readonly children = new Set<Canceler>();
  private detach: () => void = noop;
  timer: TimerEntry | undefined;

  constructor(readonly parent: Context, private readonly dl: number | undefined) {
    this.detach = propagateCancel(parent, this, this.ch);
  }

  done(): Chan<void> {
    return this.ch;
  }
  err(): Error | undefined {
    this.lockEdge();
    if (this.error === undefined) notePoll();
    return this.error;
  }
  deadline(): number | undefined {
    return this.dl ?? this.parent.deadline();
  }
  value(key: unknown): unknown {
    return key === CANCEL_CTX_KEY ? this : this.parent.value(key);
  }

  /** The cause under the context's lock (Go's Cause takes it too). */
  cause(): unknown {
    this.lockEdge();
    return this.causeValue;
  }

  cancel(err: Error, cause: unknown): void {
    if (this.error) return;
    this.lockEdge();
    this.error = err;
    this.causeValue = cause ?? err;
    this.ch.close();
    for (const c of this.children) c.cancel(err, this.causeValue);
    this.children.clear();
    this.detach();
    if (this.timer) this.ch.rt.deleteTimer(this.timer);
  }

  /** Takes and releases the context's lock: an acquire and a release by the running goroutine. */
  private lockEdge(): void {
    const rt = this.ch.rt;
    const g = rt.current;
    if (g === undefined || rt.mon === undefined) return;
    const lock = this.ch.ownerInfo('context');
    rt.mon.sync(g.id, lock, CTX_LOCK_SLOT, 'acquire');
    rt.mon.sync(g.id, lock, CTX_LOCK_SLOT, 'release');
  }
}

class ValueCtx implements Context {
  constructor(readonly parent: Context, private readonly key: unknown, private readonly val: unknown) {}
  done(): Chan<void> {
    return this.parent.done();
  }
  err(): Error | undefined {
    return this.parent.err();
  }
  deadline(): number | undefined {
    return this.parent.deadline();
  }
  value(key: unknown): unknown {
    return key === this.key ? this.val : this.parent.value(key);
  }
}

/** `context.WithoutCancel`'s context: the parent's values, never canceled, no deadline. */
class WithoutCancelCtx implements Context {
  constructor(readonly parent: Context) {}
  done(): Chan<void> {
    return nilChan<void>();
  }
  err(): undefined {
    notePoll();
    return undefined;
  }
  deadline(): undefined {
    return undefined;
  }
  value(key: unknown): unknown {
    return key === CANCEL_CTX_KEY ? undefined : this.parent.value(key);
  }
}

function noop(): void {}

/** The nearest cancelable ancestor (through value contexts). */
function cancelable(ctx: Context): CancelCtx | undefined {
  let c: Context = ctx;
  while (c instanceof ValueCtx) c = c.parent;
  return c instanceof CancelCtx ? c : undefined;
}

/**
 * Makes `child` be canceled with `parent` (Go's propagateCancel); returns what
 * unlinks it. `own` is the child's done channel, if it has one (the mode check).
 */
function propagateCancel(parent: Context, child: Canceler, own: Chan<void> | undefined): () => void {
  const p = cancelable(parent);
  if (p) {
    // A context of production mode cannot be the parent of one of a run.
    if (own && p.done().rt !== own.rt) checkSameMode(p.done().rt, own.rt);
    const perr = p.err();
    if (perr) {
      child.cancel(perr, p.causeValue);
      return noop;
    }
    p.children.add(child);
    return () => p.children.delete(child);
  }
  let c: Context = parent;
  while (c instanceof ValueCtx) c = c.parent;
  if (c instanceof BackgroundCtx || c instanceof WithoutCancelCtx) return noop;
  // A user's Context: watch its done channel (none, or a nil one: it is never canceled).
  const done = parent.done() as Chan<void> | null | undefined;
  if (done === null || done === undefined || done.flavor === NIL) return noop;
  if (own && done.rt !== own.rt) checkSameMode(done.rt, own.rt);
  const fire = (): void => child.cancel(parent.err() ?? Canceled, causeOf(parent));
  if (done.isClosed) {
    fire();
    return noop;
  }
  return done.onClose(fire);
}

function checkParent(parent: Context | null | undefined): asserts parent is Context {
  if (parent === null || parent === undefined) throw new Panic('cannot create context from nil parent');
}

function background(): Context {
  current('context.background()');
  return new BackgroundCtx();
}

function withCancel(parent: Context): [Context, () => void] {
  checkParent(parent);
  const c = new CancelCtx(parent, undefined);
  return [c, () => c.cancel(Canceled, undefined)];
}

function withCancelCause(parent: Context): [Context, (cause?: unknown) => void] {
  checkParent(parent);
  const c = new CancelCtx(parent, undefined);
  return [c, (cause?: unknown) => c.cancel(Canceled, cause)];
}

function withDeadlineCause(parent: Context, atMs: number, cause: unknown): [Context, () => void] {
  checkParent(parent);
  atMs = checkDuration('context.withDeadline(parent, atMs)', 'atMs', atMs);
  const parentDl = parent.deadline();
  // The parent's deadline is sooner: this one would never fire.
  if (parentDl !== undefined && parentDl < atMs) return withCancel(parent);
  const rt = current('context.withDeadline()');
  const c = new CancelCtx(parent, atMs);
  if (!c.err()) {
    if (atMs <= rt.nowMs) c.cancel(DeadlineExceeded, cause);
    else c.timer = rt.addTimer(atMs, () => c.cancel(DeadlineExceeded, cause));
  }
  return [c, () => c.cancel(Canceled, undefined)];
}

function withDeadline(parent: Context, atMs: number): [Context, () => void] {
  return withDeadlineCause(parent, atMs, undefined);
}

function withTimeout(parent: Context, ms: number): [Context, () => void] {
  return withTimeoutCause(parent, ms, undefined);
}

function withTimeoutCause(parent: Context, ms: number, cause: unknown): [Context, () => void] {
  return withDeadlineCause(parent, current('context.withTimeout()').nowMs + checkDuration('context.withTimeout(parent, ms)', 'ms', ms), cause);
}

function withValue(parent: Context, key: unknown, value: unknown): Context {
  checkParent(parent);
  if (key === null || key === undefined) throw new Panic('nil key');
  return new ValueCtx(parent, key, value);
}

function withoutCancel(parent: Context): Context {
  checkParent(parent);
  return new WithoutCancelCtx(parent);
}

/** `context.Cause`: why the nearest cancelable ancestor was canceled (its error when no cause was given); `undefined` until then. */
function causeOf(ctx: Context): unknown {
  const c = ctx.value(CANCEL_CTX_KEY);
  if (c instanceof CancelCtx) return c.cause();
  return ctx.err();
}

/** `context.AfterFunc`'s registration: runs `f` in its own goroutine once, unless stopped first. */
class AfterFunc implements Canceler {
  private ran = false;
  detach: () => void = noop;
  constructor(private readonly rt: Kernel, private readonly f: () => unknown) {}

  cancel(): void {
    if (this.ran) return;
    this.ran = true;
    this.detach();
    this.rt.spawn(this.f, 'context.AfterFunc');
  }

  stop(): boolean {
    if (this.ran) return false;
    this.ran = true;
    this.detach();
    return true;
  }
}

function afterFunc(ctx: Context, f: () => unknown): () => boolean {
  checkParent(ctx);
  const a = new AfterFunc(current('context.afterFunc()'), f);
  a.detach = propagateCancel(ctx, a, undefined);
  return () => a.stop();
}

/**
 * Go's `context` package.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = context.withCancel(context.background());
 * go(async () => { await ctx.done().recv(); });
 * cancel();
 * ctx.err() === context.Canceled; // true
 * const [c2, cancel2] = context.withCancelCause(context.background());
 * cancel2(new Error('shutting down'));
 * context.cause(c2); // Error: shutting down
 * ```
 */
export const context = {
  background,
  todo: background,
  withCancel,
  withCancelCause,
  withDeadline,
  withDeadlineCause,
  withTimeout,
  withTimeoutCause,
  withValue,
  withoutCancel,
  afterFunc,
  cause: causeOf,
  Canceled,
  DeadlineExceeded,
} as const;
