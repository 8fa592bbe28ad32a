/**
 * The program an interleave test explores: per schedule, the test's `setup`
 * (its result is the schedule's `state`), the body with a context of its own,
 * then `teardown`. Everything runs inside the schedule's run, so setup may
 * start goroutines and a `vi.fn()` made there is fresh in every schedule.
 *
 * Invariants: each setup's teardown runs exactly once, before the next
 * schedule's setup: when the body settles, or, when the run ended without it
 * settling (a panic in another goroutine, a deadlock), at the start of the next
 * schedule or in `finish()`. `thrown` is what the body threw in the last
 * schedule (undefined when it returned or never settled).
 */
import type { Program } from '@interleave/core';
import type { TestContext } from 'vitest';

type Awaitable<T> = T | PromiseLike<T>;

/** The per-schedule hooks of a test. */
export interface ScheduleHooks<C, S> {
  /**
   * Runs at the start of every schedule, inside it; what it returns is the
   * body's `state`. Make mocks (`vi.fn()`) and per-schedule objects here.
   */
  setup?: (ctx: TestContext & C) => Awaitable<S>;
  /** Runs after every schedule with that schedule's state (see schedule.ts for when exactly). */
  teardown?: (state: S, ctx: TestContext & C) => Awaitable<unknown>;
}

/** A schedule program and what the harness reads back from it. */
export interface ScheduleProgram {
  program: Program;
  /** What the body threw in the last schedule that ran, if it threw. */
  thrown(): { error: unknown } | undefined;
  /** Runs a teardown left over from a schedule that ended early. */
  finish(): Promise<void>;
}

/**
 * Builds the program.
 *
 * @example
 * ```ts
 * const s = scheduleProgram(ctx, { setup: () => ({ fn: vi.fn() }) }, (c) => body(c));
 * await explore(s.program);
 * await s.finish();
 * ```
 */
export function scheduleProgram<C, S>(
  ctx: TestContext & C,
  hooks: ScheduleHooks<C, S>,
  body: (scheduleCtx: TestContext & C & { readonly state: S }) => Awaitable<void>,
): ScheduleProgram {
  let pending: (() => Awaitable<unknown>) | undefined;
  let thrown: { error: unknown } | undefined;
  const flush = async (): Promise<void> => {
    const teardown = pending;
    pending = undefined;
    if (teardown) await teardown();
  };
  const program: Program = async () => {
    thrown = undefined;
    await flush();
    const state = (hooks.setup ? await hooks.setup(ctx) : undefined) as S;
    const { teardown } = hooks;
    if (teardown) pending = () => teardown(state, ctx);
    // The schedule's own context: vitest's (fixtures included) through the prototype, plus `state`.
    const scheduleCtx = Object.create(ctx, { state: { value: state, enumerable: true } }) as TestContext & C & { readonly state: S };
    try {
      await body(scheduleCtx);
    } catch (error) {
      thrown = { error };
      throw error;
    } finally {
      await flush();
    }
  };
  return { program, thrown: () => thrown, finish: flush };
}
