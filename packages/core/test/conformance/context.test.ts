/**
 * Go's own context tests (src/context/context_test.go, x_test.go, afterfunc_test.go),
 * ported: each case names the Go test it comes from.
 */
import { describe, expect, it } from 'vitest';
import { chan, context, go, nilChan, now, otherwise, Panic, recv, run, select, sleep, after, type Chan, type Context, type Program } from '@interleave/core';

async function ok(program: Program): Promise<void> {
  const r = await run(program);
  expect(r.findings.map((f) => f.text)).toEqual([]);
}

/** Go's `select { case <-ctx.Done(): return true; default: return false }`. */
function isDone(ctx: Context): Promise<boolean> {
  return select(recv(ctx.done(), () => true), otherwise(() => false));
}

/** Whether `ctx` is done within 1 ms: Go's non-blocking check where it must be false (see time.test.ts's header). */
function doneSoon(ctx: Context): Promise<boolean> {
  return select(recv(ctx.done(), () => true), recv(after(1), () => false));
}

/** A user's Context that delegates to another (x_test.go's myCtx / otherContext). */
class OtherContext implements Context {
  constructor(private readonly inner: Context) {}
  done(): Chan<void> {
    return this.inner.done();
  }
  err(): Error | undefined {
    return this.inner.err();
  }
  deadline(): number | undefined {
    return this.inner.deadline();
  }
  value(key: unknown): unknown {
    return this.inner.value(key);
  }
}

describe('Go conformance: context', () => {
  it('TestBackground / TestTODO: never done, no deadline, no value', () =>
    ok(async () => {
      for (const c of [context.background(), context.todo()]) {
        expect([c.err(), c.deadline(), c.value('k')]).toEqual([undefined, undefined, undefined]);
        expect(await doneSoon(c)).toBe(false);
      }
    }));

  it('TestWithCancel: canceling the parent cancels both children; err is Canceled', () =>
    ok(async () => {
      const [c1, cancel] = context.withCancel(context.background());
      const [c2] = context.withCancel(c1);
      const [c3] = context.withCancel(c2);
      for (const c of [c1, c2, c3]) expect(c.err()).toBeUndefined();
      cancel();
      for (const c of [c1, c2, c3]) {
        expect(await isDone(c)).toBe(true);
        expect(c.err()).toBe(context.Canceled);
      }
    }));

  it('TestParentFinishesChild: a canceled parent cancels its children, timer and value children included', () =>
    ok(async () => {
      const [parent, cancel] = context.withCancel(context.background());
      const [cancelChild] = context.withCancel(parent);
      const valueChild = context.withValue(parent, 'key', 'value');
      const [timerChild] = context.withTimeout(valueChild, 1_000_000);
      cancel();
      for (const c of [parent, cancelChild, valueChild, timerChild]) {
        expect(await isDone(c)).toBe(true);
        expect(c.err()).toBe(context.Canceled);
      }
      const [after] = context.withCancel(parent);
      expect(after.err()).toBe(context.Canceled);
    }));

  it('TestChildFinishesFirst: a canceled child leaves its parent alone', () =>
    ok(async () => {
      const [parent, cancelParent] = context.withCancel(context.background());
      const [child, cancelChild] = context.withCancel(parent);
      cancelChild();
      expect(child.err()).toBe(context.Canceled);
      expect(parent.err()).toBeUndefined();
      expect(await doneSoon(parent)).toBe(false);
      cancelParent();
    }));

  it('TestDeadline / TestTimeout: DeadlineExceeded at the deadline; the sooner of parent and child wins', () =>
    ok(async () => {
      const [c] = context.withDeadline(context.background(), now() + 50);
      await c.done().recv();
      expect(c.err()).toBe(context.DeadlineExceeded);
      const [o] = context.withDeadline(new OtherContext(context.background()), now() + 50);
      const [inner] = context.withDeadline(o, now() + 1_000_000);
      expect(inner.deadline()).toBe(o.deadline());
      await inner.done().recv();
      expect(inner.err()).toBe(context.DeadlineExceeded);
      const [t] = context.withTimeout(context.background(), 50);
      const t0 = now();
      await t.done().recv();
      expect([now() - t0, t.err()]).toEqual([50, context.DeadlineExceeded]);
    }));

  it('TestCanceledTimeout: cancel before the timeout gives Canceled', () =>
    ok(async () => {
      const [c, cancel] = context.withTimeout(context.background(), 1000);
      const [o] = context.withCancel(new OtherContext(c));
      cancel();
      await o.done().recv();
      expect(o.err()).toBe(context.Canceled);
    }));

  it('TestValues: lookups through values, cancels and a user\'s context', () =>
    ok(() => {
      const k1 = Symbol('k1');
      const k2 = Symbol('k2');
      const c1 = context.withValue(context.background(), k1, 'c1k1');
      const c2 = context.withValue(c1, k2, 'c2k2');
      const [c3] = context.withCancel(new OtherContext(c2));
      const c4 = context.withValue(c3, k1, 'c4k1');
      expect([c4.value(k1), c4.value(k2), c3.value(k1), c1.value(k2)]).toEqual(['c4k1', 'c2k2', 'c1k1', undefined]);
    }));

  it('TestWithCancelCanceledParent: a child of a canceled parent is canceled at once, with its cause', () =>
    ok(() => {
      const [parent, cancel] = context.withCancelCause(context.background());
      const cause = new Error('Because!');
      cancel(cause);
      const [c] = context.withCancel(parent);
      expect(c.err()).toBe(context.Canceled);
      expect(context.cause(c)).toBe(cause);
    }));

  it('TestWithValueChecks: nil key panics `nil key`; nil parent panics `cannot create context from nil parent`', () =>
    ok(() => {
      expect(() => context.withValue(context.background(), null, 'v')).toThrow(new Panic('nil key'));
      const nil = null as unknown as Context;
      const panic = new Panic('cannot create context from nil parent');
      expect(() => context.withValue(nil, 'k', 'v')).toThrow(panic);
      expect(() => context.withCancel(nil)).toThrow(panic);
      expect(() => context.withTimeout(nil, 1)).toThrow(panic);
      expect(() => context.withoutCancel(nil)).toThrow(panic);
    }));

  it('TestCustomContextPropagation: a child of a user\'s context is canceled with it', () =>
    ok(async () => {
      const [base, cancel] = context.withCancel(context.background());
      const [child] = context.withCancel(new OtherContext(base));
      cancel();
      await child.done().recv();
      expect(child.err()).toBe(context.Canceled);
    }));

  it('TestCause: the cause of each way a context ends', () =>
    ok(async () => {
      const cause = new Error('Because!');
      const [c1, cancel1] = context.withCancelCause(context.background());
      expect(context.cause(c1)).toBeUndefined();
      cancel1(cause);
      expect([c1.err(), context.cause(c1)]).toEqual([context.Canceled, cause]);
      const [c2, cancel2] = context.withCancelCause(context.background());
      cancel2();
      expect(context.cause(c2)).toBe(context.Canceled);
      const [c3] = context.withTimeoutCause(context.background(), 0, cause);
      expect([c3.err(), context.cause(c3)]).toEqual([context.DeadlineExceeded, cause]);
      const [c4] = context.withTimeout(context.background(), 0);
      expect(context.cause(c4)).toBe(context.DeadlineExceeded);
      const [c5, cancel5] = context.withDeadlineCause(context.background(), now() + 1000, cause);
      cancel5();
      expect(context.cause(c5)).toBe(context.Canceled);
      const [parent, cancelParent] = context.withCancelCause(context.background());
      const [child] = context.withCancel(context.withValue(parent, 'k', 1));
      cancelParent(cause);
      expect(context.cause(child)).toBe(cause);
      expect(context.cause(new OtherContext(c1))).toBe(cause);
      expect(context.cause(context.background())).toBeUndefined();
    }));

  it('TestAfterFuncCalledAfterCancel / TestAfterFuncNotCalledAfterStop / TestAfterFuncCalledImmediately', () =>
    ok(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      const ran = chan<string>(3);
      const stop = context.afterFunc(ctx, () => ran.send('called'));
      cancel();
      expect(await ran.recv()).toBe('called');
      expect(stop()).toBe(false);
      const [ctx2, cancel2] = context.withCancel(context.background());
      const stop2 = context.afterFunc(ctx2, () => ran.send('not called'));
      expect(stop2()).toBe(true);
      expect(stop2()).toBe(false);
      cancel2();
      context.afterFunc(ctx, () => ran.send('immediately'));
      expect(await ran.recv()).toBe('immediately');
      expect(await select(recv(ran, (v) => v), recv(after(10), () => 'nothing'))).toBe('nothing');
    }));

  it('TestAfterFuncNotCalledAfterStop with a user\'s context: the watched close calls f', () =>
    ok(async () => {
      const [base, cancel] = context.withCancel(context.background());
      const ran = chan<void>();
      context.afterFunc(new OtherContext(base), () => ran.close());
      cancel();
      await ran.recv();
    }));

  it('TestWithoutCancel: values pass, cancellation and deadline do not', () =>
    ok(async () => {
      const [parent, cancel] = context.withTimeout(context.withValue(context.background(), 'k', 'v'), 10);
      const c = context.withoutCancel(parent);
      cancel();
      expect([c.value('k'), c.err(), c.deadline(), context.cause(c)]).toEqual(['v', undefined, undefined, undefined]);
      expect(c.done()).toBe(nilChan<void>());
      const [child] = context.withCancel(c);
      await sleep(20);
      expect(child.err()).toBeUndefined();
    }));

  it('TestCancelRemoves: a canceled child no longer holds a place in its parent (cancel twice is harmless)', () =>
    ok(() => {
      const [parent, cancelParent] = context.withCancel(context.background());
      const [, cancel] = context.withCancel(parent);
      cancel();
      cancel();
      cancelParent();
      go(() => {});
    }));
});
