import { describe, expect, it } from 'vitest';
import { run, context, sleep, now, go, WaitGroup } from '@interleave/core';

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
