/**
 * Schedules as fast-check values: a {@link Schedule} is a short, sorted list of
 * departures ({@link SchedulePick}) from the default schedule, which never
 * preempts (the current goroutine keeps running until it blocks or ends, then
 * the lowest-numbered runnable goroutine runs; `select`, timer and random
 * decisions take their first option). So the empty schedule is the one without
 * a single preemption, every pick is one departure, and a schedule prints as
 * the call that rebuilds it. Departures name decisions by index, so dropping
 * one leaves the others where they were.
 *
 * Invariants: `picks` is sorted by `at`, with no two picks at the same `at`;
 * every `pick` is a positive integer (0 would be the default, not a departure).
 */
import * as fc from 'fast-check';

/**
 * One departure from the default schedule: at decision `at` (0-based, counting
 * every decision of the run), take alternative `pick` instead of the default.
 * For a goroutine decision, alternatives count from the current goroutine in id
 * order, wrapping around (`pick: 1` runs the next runnable goroutine after the
 * current one: a preemption); otherwise `pick` is the option's index. A pick
 * past a decision's last alternative takes its last one.
 *
 * @example
 * ```ts
 * const p: SchedulePick = { at: 2, pick: 1 }; // at decision 2, switch to the next goroutine
 * ```
 */
export interface SchedulePick {
  readonly at: number;
  readonly pick: number;
}

/**
 * A schedule as fast-check generates, prints and shrinks it. fast-check prints
 * it as the call that rebuilds it, `schedule({ at: 2, pick: 1 })`, so a
 * counterexample can be pasted back into a test.
 *
 * @example
 * ```ts
 * const s: Schedule = schedule({ at: 2, pick: 1 });
 * s.picks; // [{ at: 2, pick: 1 }]
 * ```
 */
export interface Schedule {
  readonly picks: readonly SchedulePick[];
}

/**
 * Builds a {@link Schedule} from departures in any order (the first pick at an
 * index wins; picks of 0 are dropped, they are the default anyway).
 *
 * @example
 * ```ts
 * await run(program, { scheduler: scheduleScheduler(schedule({ at: 2, pick: 1 })) });
 * String(schedule()); // 'schedule()': the schedule without preemptions
 * ```
 */
export function schedule(...picks: readonly SchedulePick[]): Schedule {
  return fromPicks(picks);
}

/**
 * {@link schedule} from an array.
 *
 * @example
 * ```ts
 * String(fromPicks([{ at: 5, pick: 1 }, { at: 2, pick: 2 }])); // 'schedule({ at: 2, pick: 2 }, { at: 5, pick: 1 })'
 * ```
 */
export function fromPicks(picks: readonly SchedulePick[]): Schedule {
  const seen = new Set<number>();
  const kept: SchedulePick[] = [];
  for (const p of picks) {
    if (!Number.isInteger(p.at) || p.at < 0 || !Number.isInteger(p.pick) || p.pick < 0) {
      throw new RangeError(`a schedule pick needs non-negative integers, got ${JSON.stringify(p)}`);
    }
    if (p.pick === 0 || seen.has(p.at)) continue;
    seen.add(p.at);
    kept.push(Object.freeze({ at: p.at, pick: p.pick }));
  }
  kept.sort((a, b) => a.at - b.at);
  const s = Object.create(SCHEDULE_PROTO) as { picks: readonly SchedulePick[] };
  s.picks = Object.freeze(kept);
  return Object.freeze(s);
}

/** Printing lives on the prototype, so a schedule's only own property is `picks` (`toEqual` compares picks). */
const SCHEDULE_PROTO = {
  toString(this: Schedule): string {
    return `schedule(${this.picks.map((p) => `{ at: ${p.at}, pick: ${p.pick} }`).join(', ')})`;
  },
  [fc.toStringMethod](this: Schedule): string {
    return String(this);
  },
};

/**
 * Whether `x` has the shape of a {@link Schedule} (so fast-check may shrink a value it did not generate).
 *
 * @example
 * ```ts
 * isSchedule(schedule({ at: 1, pick: 1 })); // true
 * ```
 */
export function isSchedule(x: unknown): x is Schedule {
  if (typeof x !== 'object' || x === null) return false;
  const picks = (x as { picks?: unknown }).picks;
  return Array.isArray(picks) && picks.every((p: unknown) => {
    const q = p as { at?: unknown; pick?: unknown } | null;
    return q !== null && Number.isInteger(q.at) && Number.isInteger(q.pick) && (q.at as number) >= 0 && (q.pick as number) > 0;
  });
}
