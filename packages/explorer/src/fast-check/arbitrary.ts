/**
 * `scheduleArbitrary`: schedules as an `fc.Arbitrary`, generated for finding
 * bugs and shrunk for explaining them.
 *
 * Generation: a horizon H, log-uniform in [1, maxDecision + 1] (most test
 * programs take a few dozen decisions, some take hundreds), then up to
 * `maxPicks` departures at distinct decisions below H, each to an alternative
 * in [1, maxPick]. So a program's early decisions are covered densely, as
 * by a random scheduler, and every run ends without preemptions, which is
 * where most concurrency bugs of small depth live (Musuvathi and Qadeer,
 * PLDI 2007; Burckhardt et al., ASPLOS 2010).
 *
 * Shrinking (`shrink-schedule.ts`): fewer departures, earlier ones, nearer
 * alternatives, down to `schedule()`, which never preempts; a schedule stuck
 * with several departures tries every single one.
 *
 * Invariant: generation reads only fast-check's random source and shrinking is
 * a pure function of the value, so fast-check's seed and path replay both.
 */
import * as fc from 'fast-check';
import { fromPicks, isSchedule, type Schedule, type SchedulePick } from './schedule.ts';
import { shrinkPicks } from './shrink-schedule.ts';

/**
 * Bounds of {@link scheduleArbitrary}.
 *
 * @example
 * ```ts
 * const c: ScheduleConstraints = { maxPicks: 2, maxDecision: 15, maxPick: 2 };
 * ```
 */
export interface ScheduleConstraints {
  /** Most departures in one schedule (a bound on preemptions, as in CHESS). Default 8. */
  maxPicks?: number;
  /** Highest decision index a departure may name; departures beyond a run's last decision do nothing. Default 63. */
  maxDecision?: number;
  /** Highest alternative a departure takes (alternatives past a decision's last one mean its last one). Default 3. */
  maxPick?: number;
}

/**
 * An `fc.Arbitrary` of schedules, for `fc.assert`, `fc.tuple`, `fc.sample`, ...
 *
 * @example
 * ```ts
 * import * as fc from 'fast-check';
 * import { run } from '@interleave/core';
 * await fc.assert(fc.asyncProperty(scheduleArbitrary({ maxPicks: 2 }), async (s) => {
 *   const { ok } = await run(program, { scheduler: scheduleScheduler(s) });
 *   if (!ok) throw new Error(`fails under ${String(s)}`);
 * }));
 * ```
 */
export function scheduleArbitrary(constraints: ScheduleConstraints = {}): fc.Arbitrary<Schedule> {
  return new ScheduleArbitrary(
    bound('maxPicks', constraints.maxPicks ?? 8, 0),
    bound('maxDecision', constraints.maxDecision ?? 63, 0),
    bound('maxPick', constraints.maxPick ?? 3, 1),
  );
}

class ScheduleArbitrary extends fc.Arbitrary<Schedule> {
  constructor(private readonly maxPicks: number, private readonly maxDecision: number, private readonly maxPick: number) {
    super();
  }

  generate(mrng: fc.Random): fc.Value<Schedule> {
    const span = this.maxDecision + 1;
    const horizon = Math.min(span, Math.floor((span + 1) ** mrng.nextDouble()));
    const count = mrng.nextInt(0, Math.min(this.maxPicks, horizon));
    const ats = new Set<number>();
    while (ats.size < count) ats.add(mrng.nextInt(0, horizon - 1));
    const picks: SchedulePick[] = [...ats].map((at) => ({ at, pick: mrng.nextInt(1, this.maxPick) }));
    return new fc.Value(fromPicks(picks), undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Schedule {
    return isSchedule(value);
  }

  shrink(value: Schedule): fc.Stream<fc.Value<Schedule>> {
    const canonical = fromPicks(value.picks);
    return new fc.Stream(shrinkPicks(canonical.picks, { maxDecision: this.maxDecision, maxPick: this.maxPick })).map((picks) => new fc.Value(fromPicks(picks), undefined));
  }
}

function bound(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}
