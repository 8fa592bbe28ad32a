/**
 * The types of `test`: every chain keeps the interleave signature, the context
 * has vitest's members, fixtures and `state`, `.each` spreads tuples,
 * `.for` passes the row and `.prop` the generated values. Checked by the type check (`pnpm typecheck`); the
 * declarations sit in a function that never runs, so no test is registered.
 */
import * as fc from 'fast-check';
import type { Mock } from 'vitest';
import { describe, expectTypeOf, it as plain, vi } from 'vitest';
import { it, test, type InterleaveContext, type InterleaveTest } from '../src/index.ts';

function declarations(): void {
  test('context', async ({ task, signal, expect, annotate, onTestFinished, state }) => {
    expectTypeOf(task.name).toEqualTypeOf<string>();
    expectTypeOf(signal).toEqualTypeOf<AbortSignal>();
    expectTypeOf(annotate).toBeFunction();
    expectTypeOf(onTestFinished).toBeFunction();
    expectTypeOf(state).toEqualTypeOf<undefined>();
    expect(1).toBe(1);
  });
  test('setup gives state', { setup: () => ({ fn: vi.fn<(n: number) => void>() }), teardown: (s) => s.fn.mockReset() }, async ({ state }) => {
    expectTypeOf(state.fn).toEqualTypeOf<Mock<(n: number) => void>>();
  });
  test('settings', async () => {}, { schedules: 10, race: true, strategy: 'pct', timeout: 100, retry: 1 });
  // @ts-expect-error: not a strategy
  test('bad strategy', async () => {}, { strategy: 'dfs' });
  // @ts-expect-error: vitest 4 takes no number as options
  test('a timeout number', async () => {}, 100);

  test.each([[1, 'a'], [2, 'b']] as const)('each %i %s', (n, s) => {
    expectTypeOf(n).toEqualTypeOf<1 | 2>();
    expectTypeOf(s).toEqualTypeOf<'a' | 'b'>();
  });
  test.each([1, 2])('each %i', (n) => { expectTypeOf(n).toEqualTypeOf<number>(); });
  test.for([{ a: 1 }])('for $a', ({ a }, { task, expect }) => {
    expectTypeOf(a).toEqualTypeOf<number>();
    expectTypeOf(task.name).toEqualTypeOf<string>();
    expect(a).toBe(1);
  });

  const chains: InterleaveTest[] = [test.skip, test.only, test.todo, test.fails, test.concurrent, test.sequential, test.skipIf(true), test.runIf(false), it.concurrent.skipIf(false)];
  expectTypeOf(chains).toEqualTypeOf<InterleaveTest[]>();
  test.todo('later');

  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  const withDb = test.extend<{ db: Map<string, number> }>({ db: async ({}, use) => { await use(new Map()); } });
  withDb('fixture', async ({ db, task }) => {
    expectTypeOf(db).toEqualTypeOf<Map<string, number>>();
    expectTypeOf(task.name).toEqualTypeOf<string>();
  });
  const withBoth = withDb.extend('name', async () => 'x');
  withBoth.for([1])('builder %i', async (n, { db, name }) => {
    expectTypeOf(n).toEqualTypeOf<number>();
    expectTypeOf(db).toEqualTypeOf<Map<string, number>>();
    expectTypeOf(name).toEqualTypeOf<string>();
  });
  withBoth.describe('suite', () => {});
  test.prop([fc.integer(), fc.string()], { numRuns: 10 })('prop', async (n, s) => {
    expectTypeOf(n).toEqualTypeOf<number>();
    expectTypeOf(s).toEqualTypeOf<string>();
  }, { race: true });
  expectTypeOf<InterleaveContext<{ db: number }, string>>().toHaveProperty('state').toEqualTypeOf<string>();
}

describe('the types of test', () => {
  plain('are checked by the type check', () => {
    expectTypeOf(declarations).toBeFunction();
  });
});
