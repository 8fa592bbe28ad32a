import { describe, expect, it } from 'vitest';
import { run, context, sleep, now, go, WaitGroup, chan } from '@interleave/core';

describe('context', () => {
  it('cancel propagates to every descendant, not to the parent', async () => {
    const r = await run(() => {
      const [parent, cancelParent] = context.withCancel(context.background());
      const [child] = context.withCancel(parent);
      const [grandchild] = context.withTimeout(context.withValue(child, 'k', 1), 1000);
      const [sibling, cancelSibling] = context.withCancel(parent);
      cancelSibling();
      expect([parent.err(), sibling.err()]).toEqual([undefined, context.Canceled]);
      cancelParent();
      expect([child.err(), grandchild.err()]).toEqual([context.Canceled, context.Canceled]);
      expect(grandchild.value('k')).toBe(1);
    });
    expect(r.ok).toBe(true);
  });

  it('a deadline fires on the virtual clock with DeadlineExceeded', async () => {
    const r = await run(async () => {
      const [ctx, cancel] = context.withTimeout(context.background(), 50);
      expect(ctx.deadline()).toBe(50);
      await ctx.done().recv();
      expect([now(), ctx.err()]).toEqual([50, context.DeadlineExceeded]);
      cancel();
      expect(ctx.err()).toBe(context.DeadlineExceeded);
    });
    expect([r.ok, r.virtualTimeMs]).toEqual([true, 50]);
  });

  it('a context derived from a canceled one is canceled at once', async () => {
    const r = await run(() => {
      const [ctx, cancel] = context.withCancel(context.background());
      cancel();
      const [child] = context.withCancel(ctx);
      expect(child.err()).toBe(context.Canceled);
      expect(context.Canceled.message).toBe('context canceled');
      expect(context.DeadlineExceeded.message).toBe('context deadline exceeded');
    });
    expect(r.ok).toBe(true);
  });

  it('workers stop when the context is canceled (no leak)', async () => {
    const r = await run(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      const wg = new WaitGroup();
      for (let i = 0; i < 3; i++) wg.go(() => ctx.done().recv());
      go(async () => {
        await sleep(5);
        cancel();
      });
      await wg.wait();
    });
    expect(r.ok).toBe(true);
  });
});

describe('context: Go\'s semantics', () => {
  /** A user's Context type: it delegates to another context. */
  const wrap = (inner: ReturnType<typeof context.background>): ReturnType<typeof context.background> => ({
    done: () => inner.done(),
    err: () => inner.err(),
    deadline: () => inner.deadline(),
    value: (k) => inner.value(k),
  });

  it('a child of a user-written Context is canceled with it; without the cancel it stays live', async () => {
    const r = await run(async () => {
      const [base, cancel] = context.withCancel(context.background());
      const [child] = context.withCancel(wrap(base));
      const [other] = context.withCancel(wrap(context.withCancel(context.background())[0]));
      cancel();
      expect([child.err(), other.err()]).toEqual([context.Canceled, undefined]);
    });
    expect(r.findings).toEqual([]);
  });

  it('withDeadline(wrapper, far) has the wrapper\'s deadline and ends at it; withDeadline(wrapper, near) at its own', async () => {
    const r = await run(async () => {
      const [base] = context.withTimeout(context.background(), 50);
      const [far] = context.withDeadline(wrap(base), 1000);
      const [near] = context.withDeadline(wrap(base), 20);
      expect([far.deadline(), near.deadline()]).toEqual([50, 20]);
      await near.done().recv();
      expect(now()).toBe(20);
      await far.done().recv();
      expect([now(), far.err()]).toEqual([50, context.DeadlineExceeded]);
    });
    expect(r.findings).toEqual([]);
  });

  it('withValue(ctx, null, v) panics `nil key` and withValue(null, k, v) `cannot create context from nil parent`; withValue(ctx, k, v) stores', async () => {
    const nilKey = await run(() => {
      context.withValue(context.background(), null, 1);
    });
    expect(nilKey.findings.map((f) => f.message)).toEqual(['panic: nil key (goroutine 1)']);
    const nilParent = await run(() => {
      context.withCancel(null as unknown as ReturnType<typeof context.background>);
    });
    expect(nilParent.findings.map((f) => f.message)).toEqual(['panic: cannot create context from nil parent (goroutine 1)']);
    const fine = await run(() => {
      expect(context.withValue(context.background(), 'k', 1).value('k')).toBe(1);
    });
    expect(fine.findings).toEqual([]);
  });

  it('cause() is the cancel\'s cause when one is given, else the error', async () => {
    const r = await run(() => {
      const why = new Error('shutting down');
      const [a, cancelA] = context.withCancelCause(context.background());
      cancelA(why);
      const [b, cancelB] = context.withCancelCause(context.background());
      cancelB();
      expect([context.cause(a), context.cause(b)]).toEqual([why, context.Canceled]);
    });
    expect(r.findings).toEqual([]);
  });

  it('afterFunc runs f in its own goroutine once the context is done; stopped first, never', async () => {
    const r = await run(async () => {
      const [ctx, cancel] = context.withCancel(context.background());
      const log: string[] = [];
      const done = chan<void>();
      context.afterFunc(ctx, async () => {
        log.push('ran');
        await done.send();
      });
      const stop = context.afterFunc(ctx, () => log.push('stopped one ran'));
      expect(stop()).toBe(true);
      cancel();
      await done.recv();
      expect(log).toEqual(['ran']);
    });
    expect(r.findings).toEqual([]);
  });
});
