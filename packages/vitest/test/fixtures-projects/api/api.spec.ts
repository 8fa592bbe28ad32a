/**
 * vitest's test API on interleave tests: every chain, the context, fixtures and
 * describe blocks. Each test that runs checks what it received; the names say
 * what vitest should report (the e2e test reads them from the JSON reporter).
 */
import { chan, go, WaitGroup } from '@interleave/core';
import { describe, expect as globalExpect } from 'vitest';
import { it, test } from '@interleave/vitest';

/** A small program: a goroutine hands `value` over a channel; returns what arrived. */
async function handOver<T>(value: T): Promise<T> {
  const ch = chan<T>();
  go(async () => { await ch.send(value); });
  return (await ch.recv()) as T;
}

describe('each', () => {
  test.each([[1, 2, 3], [2, 3, 5]])('adds %i + %i = %i', async (a, b, sum) => {
    globalExpect((await handOver(a)) + b).toBe(sum);
  });
  test.each([4, 5])('hands %i over', async (n) => {
    globalExpect(await handOver(n)).toBe(n);
  });
  test.each`
    a    | b
    ${1} | ${1}
  `('template row $a', async ({ a, b }) => {
    globalExpect(await handOver(a)).toBe(b);
  });
});

describe('for', () => {
  test.for([[1, 'one'], [2, 'two']] as const)('row %i is %s', async ([n, word], { expect, task }) => {
    expect(await handOver(word)).toBe(word);
    expect(task.name).toBe(`row ${n} is ${word}`);
  });
});

describe('modifiers', () => {
  test.skip('skipped', () => { throw new Error('never runs'); });
  test.todo('todo');
  test.fails('fails as expected', async () => { await chan<number>().send(1); });
  test.skipIf(true)('skipIf true is skipped', () => { throw new Error('never runs'); });
  test.skipIf(false)('skipIf false runs', async () => { await handOver(1); });
  test.runIf(false)('runIf false is skipped', () => { throw new Error('never runs'); });
  test.runIf(true)('runIf true runs', async () => { await handOver(1); });
  it.concurrent.skipIf(false).each([1, 2])('chained concurrent each %i', async (n) => {
    globalExpect(await handOver(n)).toBe(n);
  });
});

describe('context', () => {
  test('gets task, signal, expect, annotate and onTestFinished', async ({ task, signal, expect, annotate, onTestFinished }) => {
    expect(task.name).toBe('gets task, signal, expect, annotate and onTestFinished');
    expect(signal.aborted).toBe(false);
    expect(typeof annotate).toBe('function');
    expect(typeof onTestFinished).toBe('function');
    expect(await handOver(7)).toBe(7);
  });
  test('takes vitest options first', { schedules: 5, retry: 0 }, async ({ expect }) => {
    expect(await handOver('x')).toBe('x');
  });
});

interface Counter { n: number; add(): void }
const withCounter = test.extend<{ counter: Counter }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  counter: async ({}, use) => {
    const c: Counter = { n: 0, add() { this.n++; } };
    await use(c);
  },
});
const withPrefix = withCounter.extend('prefix', async () => 'p:');

describe('fixtures', () => {
  withCounter('a fixture reaches the body', async ({ counter, expect }) => {
    expect(counter.n).toBeGreaterThanOrEqual(0);
    const wg = new WaitGroup();
    wg.go(async () => { await handOver(0); });
    await wg.wait();
  });
  withPrefix('a builder fixture too', async ({ prefix, counter, expect }) => {
    expect(prefix).toBe('p:');
    expect(typeof counter.add).toBe('function');
  });
  withPrefix.for(['a', 'b'])('fixtures in .for %s', async (s, { prefix, expect }) => {
    expect(prefix + (await handOver(s))).toBe(`p:${s}`);
  });
});
