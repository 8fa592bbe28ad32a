/**
 * What may cut an exploration short: `timeBudgetMs`, which bounds the whole
 * exploration (its schedules, the shrinking of a failure and the located
 * re-run that writes its report), and `signal`, which cancels it. They are the
 * only wall-clock and outside influences on an exploration, and both act only
 * between runs: a run itself never reads the clock.
 *
 * - The time budget ends the exploration quietly: no schedule, shrinking run
 *   or located re-run starts once it is spent, and what was found is reported
 *   (without source locations when the located re-run did not happen).
 * - An aborted signal ends it at once, with an error: `explore` rejects with
 *   `signal.reason` (an `AbortError` for `controller.abort()`, a `TimeoutError`
 *   for `AbortSignal.timeout`), at the next check between runs.
 *
 * A run cannot be stopped once started, so a long one started just before the
 * deadline overruns it: explore does not start a failure's located re-run when
 * the budget left looks too short for it (see ./failure.ts).
 *
 * Runs proceed in microtasks, so an abort from a timer (vitest's test timeout)
 * is seen only when the exploration yields to the event loop: {@link Limits.beforeRun}
 * yields every {@link YIELD_EVERY_MS} of wall time (and explore every 256
 * schedules).
 *
 * Invariant: nothing here changes which schedule runs or what it finds; it only
 * decides whether the next run starts.
 */
import { setImmediate as tick } from 'node:timers/promises';

/**
 * How long the explorer runs without yielding to the event loop, at most (plus one run).
 *
 * @example
 * ```ts
 * YIELD_EVERY_MS; // 20
 * ```
 */
export const YIELD_EVERY_MS = 20;

/**
 * The wall clock the limits read (`performance.now()`), one object so that a
 * test can stand in a clock of its own.
 *
 * @example
 * ```ts
 * vi.spyOn(clock, 'now').mockImplementation(() => fakeMs);
 * ```
 */
export const clock = {
  now(): number {
    return performance.now();
  },
};

/**
 * An exploration's time budget and abort signal.
 *
 * @example
 * ```ts
 * const limits = new Limits(1000, signal);
 * while (!(await limits.beforeRun())) await runOne(); // started at limits.now
 * ```
 */
export class Limits {
  /** `clock.now()` when the exploration started. */
  readonly started: number;
  /** The clock's reading at the last {@link Limits.beforeRun}. */
  now: number;
  private readonly deadline: number;
  private lastYield: number;

  constructor(readonly timeBudgetMs: number | undefined, readonly signal: AbortSignal | undefined) {
    this.started = clock.now();
    this.now = this.started;
    this.deadline = timeBudgetMs === undefined ? Infinity : this.started + timeBudgetMs;
    this.lastYield = this.started;
  }

  /** The deadline in epoch milliseconds (`performance.timeOrigin + performance.now()`), for worker threads. */
  get epochDeadline(): number | undefined {
    return this.deadline === Infinity ? undefined : performance.timeOrigin + performance.now() + (this.deadline - clock.now());
  }

  /** Milliseconds of the budget left (Infinity without one). */
  left(): number {
    return this.deadline === Infinity ? Infinity : this.deadline - clock.now();
  }

  /** Milliseconds since the exploration started. */
  elapsed(): number {
    return clock.now() - this.started;
  }

  /** Whether no further run may start: true when the budget is spent; throws when aborted. */
  stop(): boolean {
    this.signal?.throwIfAborted();
    return this.deadline !== Infinity && clock.now() >= this.deadline;
  }

  /**
   * Asked before each run: yields to the event loop when {@link YIELD_EVERY_MS}
   * passed since the last time (`yieldNow`: in any case), so that timers,
   * progress and an abort get their turn; then throws when aborted, and
   * resolves true when the budget is spent (the run must not start). One read
   * of the clock, kept in {@link Limits.now}, unless it yields.
   */
  async beforeRun(yieldNow = false): Promise<boolean> {
    return this.beforeRunNow(yieldNow) ?? this.afterYield();
  }

  /**
   * {@link Limits.beforeRun} without a promise when it does not yield (the
   * explorer's loop asks before every schedule, and most schedules take
   * microseconds): the answer, or undefined when the caller must await
   * {@link Limits.afterYield} for it.
   */
  beforeRunNow(yieldNow = false): boolean | undefined {
    const now = clock.now();
    if (yieldNow || now - this.lastYield >= YIELD_EVERY_MS) return undefined;
    this.now = now;
    this.signal?.throwIfAborted();
    return now >= this.deadline;
  }

  /** Yields to the event loop, then answers as {@link Limits.beforeRun} does. */
  async afterYield(): Promise<boolean> {
    await tick();
    const now = (this.lastYield = clock.now());
    this.now = now;
    this.signal?.throwIfAborted();
    return now >= this.deadline;
  }
}
