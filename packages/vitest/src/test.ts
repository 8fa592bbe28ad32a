/**
 * `test` (also `it`): vitest's own `test`, whose bodies are interleave programs
 * explored under many schedules. Every chain of vitest's works on it and is
 * vitest's own: `.skip`, `.only`, `.todo`, `.fails`, `.concurrent`,
 * `.sequential`, `.skipIf`, `.runIf`, `.each`, `.for`, `.extend` (fixtures),
 * `.override`, `.describe` and the hooks. Only the final call is ours: it hands
 * vitest a body that runs the exploration (run-test.ts) with the test's
 * settings, and passes vitest its own options (timeout, retry, tags, ...).
 *
 * The body gets vitest's test context (`task`, `signal`, `expect`, `annotate`,
 * `onTestFinished`, fixtures) plus `state`, what the test's `setup` returned for
 * this schedule. `.each` bodies get the row's values only, as in vitest; `.for`
 * bodies get the row, then the context.
 *
 * Invariant: vitest reads which fixtures a body uses from its source, so every
 * function handed to vitest shows the user's body as its source (`toString`).
 */
import { test as vitestTest, type SuiteAPI, type TestAPI, type TestContext, type TestOptions } from 'vitest';
import { pluginOptions, runTest, type TestSpec } from './run-test.ts';
import type { ScheduleHooks } from './schedule.ts';
import type { InterleaveTestOptions } from './types.ts';

type Awaitable<T> = T | PromiseLike<T>;

/**
 * What a body receives: vitest's test context with the fixtures of `.extend`,
 * plus `state`, the value `setup` returned for this schedule.
 *
 * @example
 * ```ts
 * test('x', { setup: () => ({ log: vi.fn() }) }, async ({ state, expect }) => { expect(state.log).not.toHaveBeenCalled(); });
 * ```
 */
export type InterleaveContext<C = object, S = undefined> = TestContext & C & { readonly state: S };

/**
 * Options of one interleave test: the exploration's settings, the per-schedule
 * `setup`/`teardown`, and vitest's own test options.
 *
 * @example
 * ```ts
 * const o: TestOptionsOf<object, { n: number }> = { schedules: 200, setup: () => ({ n: 0 }), retry: 1 };
 * ```
 */
export type TestOptionsOf<C = object, S = undefined> = InterleaveTestOptions & ScheduleHooks<C, S> & Omit<TestOptions, 'timeout'>;

/** A test body: an interleave program with the test context. */
export type TestBody<C, S> = (ctx: InterleaveContext<C, S>) => Awaitable<void>;

/** The final call of a chain: `(name, body, options?)` or vitest's `(name, options, body)`. */
export interface DeclareTest<C> {
  <S = undefined>(name: string, body?: TestBody<C, S>, options?: TestOptionsOf<C, S>): void;
  <S = undefined>(name: string, options: TestOptionsOf<C, S>, body?: TestBody<C, S>): void;
}

/** `.each(cases)(name, body, options?)`: one test per row, the row's values spread into the body. */
export interface DeclareEach<C, A extends readonly unknown[]> {
  (name: string, body: (...args: A) => Awaitable<void>, options?: TestOptionsOf<C, unknown>): void;
  (name: string, options: TestOptionsOf<C, unknown>, body: (...args: A) => Awaitable<void>): void;
}

/** `.for(cases)(name, body, options?)`: one test per row; the body gets the row, then the context. */
export interface DeclareFor<C, T> {
  <S = undefined>(name: string, body: (row: T, ctx: InterleaveContext<C, S>) => Awaitable<void>, options?: TestOptionsOf<C, S>): void;
  <S = undefined>(name: string, options: TestOptionsOf<C, S>, body: (row: T, ctx: InterleaveContext<C, S>) => Awaitable<void>): void;
}

/** `test.each`, typed as vitest's: tuples are spread, other rows passed whole, tables give objects. */
export interface EachFunction<C> {
  <T extends readonly unknown[] | [unknown]>(cases: readonly T[]): DeclareEach<C, T>;
  <T>(cases: readonly T[]): DeclareEach<C, [T]>;
  (strings: TemplateStringsArray, ...values: unknown[]): DeclareEach<C, [Record<string, unknown>]>;
}

/** `test.for`, typed as vitest's. */
export interface ForFunction<C> {
  <T>(cases: readonly T[]): DeclareFor<C, T>;
  (strings: TemplateStringsArray, ...values: unknown[]): DeclareFor<C, Record<string, unknown>>;
}

/** Options of a fixture (vitest's). */
export interface FixtureOptions {
  auto?: boolean;
  scope?: 'test' | 'file' | 'worker';
  injected?: boolean;
}

/** A fixture in `use` style: `async ({ other }, use) => { await use(value); }`. */
export type FixtureFn<T, K extends keyof T, C> = (ctx: TestContext & C & Omit<T, K>, use: (value: T[K]) => Promise<void>) => Promise<void>;

/** The object form of `.extend`. */
export type FixturesOf<T, C> = { [K in keyof T]: T[K] | FixtureFn<T, K, C> | [T[K] | FixtureFn<T, K, C>, FixtureOptions] };

/** A fixture in builder style: `.extend('db', async (ctx, { onCleanup }) => value)`. */
export type BuilderFixture<C, V> = (ctx: TestContext & C, helpers: { onCleanup: (cleanup: () => Awaitable<void>) => void }) => Awaitable<V>;

/** `test.extend`: vitest's fixtures; the result is an interleave `test` whose bodies see them. */
export interface ExtendFunction<C> {
  <K extends string, V>(name: K, fixture: BuilderFixture<C, V>): InterleaveTest<C & { [P in K]: V }>;
  <K extends string, V>(name: K, options: FixtureOptions, fixture: BuilderFixture<C, V>): InterleaveTest<C & { [P in K]: V }>;
  <T extends object>(fixtures: FixturesOf<T, C>): InterleaveTest<C & T>;
}

/**
 * `test` and its chains. Each chain is vitest's; `C` is the context the
 * fixtures of `.extend` add.
 *
 * @example
 * ```ts
 * test.concurrent.each([[1, 2], [2, 3]])('adds %i', async (a, b) => { ... });
 * ```
 */
export interface InterleaveTest<C = object> extends DeclareTest<C> {
  /** Declares the test but skips it. */
  readonly skip: InterleaveTest<C>;
  /** Runs only the tests marked so in the file. */
  readonly only: InterleaveTest<C>;
  /** A test still to write. */
  readonly todo: InterleaveTest<C>;
  /** Passes when the test fails (the exploration finds something, or the body throws). */
  readonly fails: InterleaveTest<C>;
  /** Starts with the other concurrent tests; explorations still run one after another in a worker. */
  readonly concurrent: InterleaveTest<C>;
  /** Runs after the tests before it, even in a concurrent suite. */
  readonly sequential: InterleaveTest<C>;
  /** Skips the test when `condition` is truthy. */
  skipIf(condition: unknown): InterleaveTest<C>;
  /** Runs the test only when `condition` is truthy. */
  runIf(condition: unknown): InterleaveTest<C>;
  /** One test per row of `cases` (vitest's `test.each`). */
  readonly each: EachFunction<C>;
  /** One test per row of `cases`, with the context (vitest's `test.for`). */
  readonly for: ForFunction<C>;
  /** Adds fixtures (vitest's `test.extend`). */
  readonly extend: ExtendFunction<C>;
  /** Overrides fixture values in the current suite (vitest's `test.override`). */
  override(fixtures: Partial<FixturesOf<C, C>>): InterleaveTest<C>;
  /** vitest's `describe`, with this test's fixtures. */
  readonly describe: SuiteAPI<C>;
  readonly suite: SuiteAPI<C>;
  readonly beforeEach: TestAPI<C>['beforeEach'];
  readonly afterEach: TestAPI<C>['afterEach'];
  readonly beforeAll: TestAPI<C>['beforeAll'];
  readonly afterAll: TestAPI<C>['afterAll'];
  readonly aroundEach: TestAPI<C>['aroundEach'];
  readonly aroundAll: TestAPI<C>['aroundAll'];
}

/** A vitest chain, as far as this file calls it. */
type Chain = ((name: string, options: TestOptions, fn?: (...args: never[]) => unknown) => void) & Record<PropertyKey, unknown>;
type Body = (...args: unknown[]) => Awaitable<void>;

/** The keys of our options that are not vitest's. */
const OURS = new Set(['schedules', 'strategy', 'race', 'seed', 'leaks', 'maxPreemptions', 'pctDepth', 'timeBudgetMs', 'setup', 'teardown']);
const MODIFIERS = new Set<PropertyKey>(['skip', 'only', 'todo', 'fails', 'concurrent', 'sequential']);

/** `(name, body, options)` or `(name, options, body)` → body and options. */
function parse(a: unknown, b: unknown): { body: Body | undefined; options: Record<string, unknown> } {
  const [body, options] = typeof a === 'function' ? [a, b] : [b, a];
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`interleave test options must be an object (got ${typeof options}); the timeout goes in it: { timeout: ${String(options)} }`);
  }
  return { body: body as Body | undefined, options: (options ?? {}) as Record<string, unknown> };
}

/** Our settings and hooks, and vitest's options (with the timeout, the test's or the plugin's). */
function split(options: Record<string, unknown>): { spec: Omit<TestSpec, 'body'>; vitest: TestOptions } {
  const ours: Record<string, unknown> = {};
  const vitest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) (OURS.has(k) ? ours : vitest)[k] = v;
  const timeout = options.timeout ?? pluginOptions().timeout;
  if (timeout !== undefined) vitest.timeout = timeout;
  const { setup, teardown, ...settings } = ours as InterleaveTestOptions & ScheduleHooks<object, unknown>;
  const hooks: ScheduleHooks<object, unknown> = {};
  if (setup) hooks.setup = setup;
  if (teardown) hooks.teardown = teardown;
  return { spec: { options: settings, hooks }, vitest: vitest as TestOptions };
}

/** A function for vitest whose source, as vitest reads it for fixtures, is `source`'s. */
function showing<F extends object>(fn: F, source: string): F {
  Object.defineProperty(fn, 'toString', { value: () => source });
  return fn;
}

function declare(chain: Chain, name: string, a: unknown, b: unknown): void {
  const { body, options } = parse(a, b);
  const { spec, vitest } = split(options);
  if (!body) return chain(name, vitest);
  chain(name, vitest, showing((ctx: TestContext) => runTest(ctx, { ...spec, body: (c) => body(c) }), body.toString()));
}

/** `.each` through vitest's `.for`, which (unlike `.each`) hands the body the context the exploration needs. */
function each(chain: Chain, cases: readonly unknown[], values: unknown[]) {
  const spread = values.length === 0 && cases.every(Array.isArray);
  const forChain = (chain.for as (c: readonly unknown[], ...v: unknown[]) => Chain)(cases, ...values);
  return (name: string, a: unknown, b: unknown): void => {
    const { body, options } = parse(a, b);
    const { spec, vitest } = split(options);
    if (!body) return forChain(name, vitest);
    const run = (row: unknown, ctx: TestContext) => runTest(ctx, { ...spec, body: () => (spread ? body(...(row as unknown[])) : body(row)) });
    // No fixtures: an `.each` body has no context to take them from.
    forChain(name, vitest, showing(run, '() => {}'));
  };
}

function forEach(chain: Chain, cases: readonly unknown[], values: unknown[]) {
  const forChain = (chain.for as (c: readonly unknown[], ...v: unknown[]) => Chain)(cases, ...values);
  return (name: string, a: unknown, b: unknown): void => {
    const { body, options } = parse(a, b);
    const { spec, vitest } = split(options);
    if (!body) return forChain(name, vitest);
    const run = (row: unknown, ctx: TestContext) => runTest(ctx, { ...spec, body: (c) => body(row, c) });
    forChain(name, vitest, showing(run, body.toString()));
  };
}

/** Our `test` over a vitest chain: calls are ours, every member is the chain's (wrapped again when it is a chain). */
function wrap(chain: Chain): unknown {
  const call = (name: string, a?: unknown, b?: unknown): void => declare(chain, name, a, b);
  return new Proxy(call, {
    get(_target, prop) {
      if (MODIFIERS.has(prop)) return wrap(chain[prop] as Chain);
      const member = chain[prop];
      switch (prop) {
        case 'skipIf': case 'runIf': case 'extend': case 'override': case 'scoped':
          return (...args: unknown[]) => wrap((member as (...a: unknown[]) => Chain).apply(chain, args));
        case 'each': return (cases: readonly unknown[], ...values: unknown[]) => each(chain, cases, values);
        case 'for': return (cases: readonly unknown[], ...values: unknown[]) => forEach(chain, cases, values);
        default: return member;
      }
    },
  });
}

/**
 * An interleave test: explores its body under many schedules. vitest's whole
 * `test` API works on it.
 *
 * @example
 * ```ts
 * import { test } from '@interleave/vitest';
 * import { go, chan } from '@interleave/core';
 *
 * test('worker answers', async ({ expect }) => {
 *   const ch = chan<number>();
 *   go(async () => { await ch.send(42); });
 *   expect(await ch.recv()).toBe(42);
 * });
 * ```
 */
export const test = wrap(vitestTest as unknown as Chain) as InterleaveTest;

/**
 * The same as {@link test}.
 *
 * @example
 * ```ts
 * describe('pool', () => { it('drains', program, { race: true }); });
 * ```
 */
export const it: InterleaveTest = test;
