/**
 * Go's `context`: cancellation that propagates from a context to every context
 * derived from it, and deadlines on the virtual clock (on the real clock, in epoch
 * milliseconds, in production mode).
 *
 * Invariants: once `err()` is set it never changes, and `done()` is closed; a
 * canceled context has no children (they were canceled with it) and is no longer
 * a child of its parent.
 * Edges: cancel closes the done channel, so a cancel happens before every receive
 * that observes `done()` closed (the channel's close edge).
 */
import { Chan } from '../chan/chan.ts';
import { current, notePoll } from '../runtime/runtime.ts';
import { checkSameMode } from '../runtime/production.ts';
import { checkDuration } from '../runtime/validate.ts';
import type { TimerEntry } from '../runtime/timer-heap.ts';

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
class CancelCtx implements Context {
  private readonly ch = new Chan<void>(0, 'context.Done', 'context');
  private error: Error | undefined;
  private readonly children = new Set<CancelCtx>();
  timer: TimerEntry | undefined;

  constructor(readonly parent: Context, private readonly dl: number | undefined) {
    const p = cancelable(parent);
    // A context of production mode cannot be the parent of one of a run.
    if (p && p.ch.rt !== this.ch.rt) checkSameMode(p.ch.rt, this.ch.rt);
    const perr = parent.err();
    if (perr) this.cancel(perr);
    else p?.children.add(this);
  }

  done(): Chan<void> {
    return this.ch;
  }
  err(): Error | undefined {
    if (this.error === undefined) notePoll();
    return this.error;
  }
  deadline(): number | undefined {
    return this.dl ?? this.parent.deadline();
  }
  value(key: unknown): unknown {
    return this.parent.value(key);
  }

  cancel(err: Error): void {
    if (this.error) return;
    this.error = err;
    this.ch.close();
    for (const c of this.children) c.cancel(err);
    this.children.clear();
    cancelable(this.parent)?.children.delete(this);
    if (this.timer) this.ch.rt.deleteTimer(this.timer);
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

/** The nearest cancelable ancestor (through value contexts). */
function cancelable(ctx: Context): CancelCtx | undefined {
  let c: Context = ctx;
  while (c instanceof ValueCtx) c = c.parent;
  return c instanceof CancelCtx ? c : undefined;
}

function background(): Context {
  current('context.background()');
  return new BackgroundCtx();
}

function withCancel(parent: Context): [Context, () => void] {
  const c = new CancelCtx(parent, undefined);
  return [c, () => c.cancel(Canceled)];
}

function withDeadline(parent: Context, atMs: number): [Context, () => void] {
  atMs = checkDuration('context.withDeadline(parent, atMs)', 'atMs', atMs);
  const parentDl = parent.deadline();
  if (parentDl !== undefined && parentDl <= atMs) return withCancel(parent);
  const rt = current('context.withDeadline()');
  const c = new CancelCtx(parent, atMs);
  if (!c.err()) {
    if (atMs <= rt.nowMs) c.cancel(DeadlineExceeded);
    else c.timer = rt.addTimer(atMs, () => c.cancel(DeadlineExceeded));
  }
  return [c, () => c.cancel(Canceled)];
}

function withTimeout(parent: Context, ms: number): [Context, () => void] {
  return withDeadline(parent, current('context.withTimeout()').nowMs + checkDuration('context.withTimeout(parent, ms)', 'ms', ms));
}

function withValue(parent: Context, key: unknown, value: unknown): Context {
  return new ValueCtx(parent, key, value);
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
 * ```
 */
export const context = {
  background,
  todo: background,
  withCancel,
  withDeadline,
  withTimeout,
  withValue,
  Canceled,
  DeadlineExceeded,
} as const;
