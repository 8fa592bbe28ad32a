/**
 * `test` from @interleave/vitest inside this repository's own suite (no
 * plugin: `inject('interleave')` is empty): a clean program passes, a
 * deadlocking one fails (checked with `test.fails`), and each leaves its seed,
 * name and command in the task's meta for the reporter.
 */
import { chan, go } from '@interleave/core';
import { afterEach, describe, expect, test as plain } from 'vitest';
import { test } from '../src/index.ts';
import { getMeta } from '../src/meta.ts';
import { testSeed } from '../src/seed.ts';
import type { InterleaveMeta } from '../src/types.ts';

const seen = new Map<string, InterleaveMeta>();
afterEach((ctx) => {
  const meta = getMeta(ctx.task.meta);
  if (meta) seen.set(ctx.task.name, meta);
});

describe('interleave test()', () => {
  test('explores a clean program', async () => {
    const ch = chan<number>();
    go(async () => {
      await ch.send(1);
    });
    await ch.recv();
  }, { schedules: 5 });

  test.fails('fails on a deadlock', async () => {
    await chan<number>().send(1);
  }, { schedules: 5 });

  test.skip('is skipped', () => {
    throw new Error('never runs');
  });

  plain('recorded what the reporter needs', () => {
    const clean = seen.get('explores a clean program');
    expect(clean).toMatchObject({ runSeed: 0, name: 'interleave test() > explores a clean program', file: 'packages/vitest/test/test.test.ts' });
    expect(clean?.seed).toBe(testSeed(0, 'interleave test() > explores a clean program'));
    expect(clean?.command).toBe("npx interleave test packages/vitest/test/test.test.ts -t '^interleave test\\(\\) explores a clean program$'");
    const failed = seen.get('fails on a deadlock');
    expect(failed).toMatchObject({ kind: 'deadlock', message: 'all goroutines are asleep - deadlock!', schedule: 1 });
    expect(failed?.command).toMatch(/ --replay il1\S+$/);
    expect(failed?.location).toMatch(/^packages\/vitest\/test\/test\.test\.ts:\d+:\d+$/);
    expect(seen.has('is skipped')).toBe(false);
  });
});
