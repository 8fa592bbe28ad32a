/**
 * `interleaveProperty`: a fast-check property over generated inputs and a
 * generated schedule. Each case builds a program from the inputs and runs it
 * once under the schedule; the case fails when the run has a finding (a
 * panic, such as a failed assertion inside the program, a deadlock, a leak, a
 * race with `race: true`, ...). fast-check shrinks the inputs and the schedule
 * together, so the counterexample it reports has small inputs and few, early
 * preemptions, and the error it prints carries the report and a replay token.
 *
 * Invariant: a case is a pure function of (inputs, schedule) for a program
 * that creates its state inside itself, so fast-check's seed and path replay
 * the whole search, shrinking included.
 */
import * as fc from 'fast-check';
import type { Program } from '../core.ts';
import { InterleaveError } from './failure.ts';
import { runSchedule, type ScheduleRunOptions } from './run.ts';
import { scheduleArbitrary, type ScheduleConstraints } from './arbitrary.ts';
import type { Schedule } from './schedule.ts';

/**
 * Options of {@link interleaveProperty}: the detectors of every run and the
 * schedules to generate.
 *
 * @example
 * ```ts
 * const o: InterleavePropertyOptions = { race: true, schedule: { maxPicks: 2, maxDecision: 63 } };
 * ```
 */
export interface InterleavePropertyOptions extends ScheduleRunOptions {
  /** Bounds of the generated schedules (see `scheduleArbitrary`), or an arbitrary of schedules of your own. */
  schedule?: ScheduleConstraints | fc.Arbitrary<Schedule>;
}

/**
 * A property that holds when the program built from every generated input
 * runs without findings under every generated schedule. Use it with
 * `fc.assert` (or `fc.check`); the counterexample is `[...inputs, schedule]`.
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { interleaveProperty } from '@interleave/explorer/fast-check';
 *
 * await fc.assert(
 *   interleaveProperty([fc.integer({ min: 100, max: 10_000 }), fc.integer({ min: 1, max: 10_000 })], (balance, amount) => async () => {
 *     const account = shared(balance);
 *     let paid = 0;
 *     const wg = new WaitGroup();
 *     for (let i = 0; i < 2; i++) wg.go(async () => {
 *       const b = account.value;
 *       if (b < amount) return;
 *       await gosched();
 *       account.value = b - amount;
 *       paid += amount;
 *     });
 *     await wg.wait();
 *     if (paid > balance) throw new Error(`paid ${paid} out of ${balance}`);
 *   }),
 *   { seed: 42 },
 * );
 * // Counterexample: [100,51,schedule({ at: 2, pick: 1 })]
 * // Caused by: InterleaveError: panic: Error: paid 102 out of 100 (goroutine 1) … replay token: il1.…
 * ```
 */
export function interleaveProperty<Ts extends unknown[]>(
  arbitraries: readonly [...{ [K in keyof Ts]: fc.Arbitrary<Ts[K]> }],
  build: (...inputs: Ts) => Program,
  options: InterleavePropertyOptions = {},
): fc.IAsyncPropertyWithHooks<[...Ts, Schedule]> {
  const schedules = isArbitrary(options.schedule) ? options.schedule : scheduleArbitrary(options.schedule);
  const predicate = async (...values: unknown[]): Promise<void> => {
    const inputs = values.slice(0, -1) as Ts;
    const schedule = values[values.length - 1] as Schedule;
    const { result, replay, preemptions, interleaving } = await runSchedule(build(...inputs), schedule, options);
    const first = result.findings[0];
    if (result.ok || first === undefined) return;
    throw new InterleaveError({ ...first, replay, schedule, preemptions, steps: result.steps, interleaving, findings: result.findings });
  };
  // fc.asyncProperty is typed for a literal list of arbitraries; ours has the
  // caller's length plus the schedule, so the call is typed by hand here.
  const property = fc.asyncProperty as (...args: unknown[]) => fc.IAsyncPropertyWithHooks<[...Ts, Schedule]>;
  return property(...arbitraries, schedules, predicate);
}

function isArbitrary(x: ScheduleConstraints | fc.Arbitrary<Schedule> | undefined): x is fc.Arbitrary<Schedule> {
  if (x === undefined) return false;
  if (x instanceof fc.Arbitrary) return true;
  // Another copy of fast-check: its arbitraries still generate and shrink.
  const o = x as { generate?: unknown; shrink?: unknown };
  return typeof o.generate === 'function' && typeof o.shrink === 'function';
}
