/**
 * Which source locations a failing run's report shows, so that its located
 * re-run captures only those (a stack capture costs microseconds; a step costs
 * a fraction of one).
 *
 * A plain run (locations off) notes, for the last steps, which scheduling
 * points' locations events asked for (`Runtime.siteOf`: a block, an atomic
 * access), and at its end adds the last scheduling point of every goroutine
 * still alive (the goroutine dumps). That list of scheduling points, numbered by
 * the step count at which each was reached, is the run's plan. Its located
 * re-run (`RunOptions.locationsFor`) makes the same execution, so the same
 * points, and captures there (and at every lock and WaitGroup wait, whose
 * locations detectors keep for later reports).
 *
 * Invariants:
 * - A located run with a plan checks that it did capture every location it
 *   was asked for in the last {@link PLANNED_STEPS} steps and every live
 *   goroutine's last one; when not (the execution was not the planned one), its
 *   result is marked and `run` makes it again capturing everywhere, so a report
 *   never misses a location that a fully located run shows.
 * - {@link PLANNED_STEPS} is at least the steps a report shows (explorer's
 *   `SHOWN_STEPS`, 24).
 */
import type { RunResult } from './types.ts';

/**
 * The last steps whose requested locations a plan covers.
 *
 * @example
 * ```ts
 * PLANNED_STEPS >= 24; // true: every step a report shows
 * ```
 */
export const PLANNED_STEPS = 32;

/** The scheduling points (step counts, sorted, distinct) whose locations a located re-run captures. */
export type SitePlan = Int32Array;

const plans = new WeakMap<RunResult, SitePlan>();
const missed = new WeakSet<RunResult>();

/**
 * The plan a plain failing run left for its located re-run, if any.
 *
 * @example
 * ```ts
 * const plan = sitePlanOf(first); // Int32Array [3, 17, 40]
 * ```
 */
export function sitePlanOf(result: RunResult): SitePlan | undefined {
  return plans.get(result);
}

/**
 * Whether a located run with a plan found that the plan did not fit it.
 *
 * @example
 * ```ts
 * if (missedPlan(located)) located = await execute(program, options, true, false);
 * ```
 */
export function missedPlan(result: RunResult): boolean {
  return missed.has(result);
}

/**
 * Remembers `plan` for `result`, or that `result`'s own plan missed.
 *
 * @example
 * ```ts
 * keepPlan(result, requests.plan(steps, lastPoints), false);
 * ```
 */
export function keepPlan(result: RunResult, plan: SitePlan | undefined, planMissed: boolean): void {
  if (plan !== undefined) plans.set(result, plan);
  if (planMissed) missed.add(result);
}

const RING = 256;

/**
 * The recent location requests of a plain run: (step, scheduling point) pairs in
 * a ring. One per process (runs never overlap); `reset` at each run's start.
 */
export class SiteRequests {
  private readonly ring = new Int32Array(2 * RING);
  private n = 0;

  reset(): void {
    this.n = 0;
  }

  /** At step count `step`, an event asked for the location of scheduling point `point` (-1: none). */
  note(step: number, point: number): void {
    if (point < 0) return;
    const i = (this.n++ & (RING - 1)) << 1;
    this.ring[i] = step;
    this.ring[i + 1] = point;
  }

  /** The plan of a run of `steps` steps whose goroutines' last scheduling points are `last`. */
  plan(steps: number, last: readonly number[]): SitePlan {
    const points = [...last];
    const kept = Math.min(this.n, RING);
    for (let k = 0; k < kept; k++) {
      const i = ((this.n - 1 - k) & (RING - 1)) << 1;
      if (this.ring[i]! >= steps - PLANNED_STEPS) points.push(this.ring[i + 1]!);
    }
    points.sort((a, b) => a - b);
    const out: number[] = [];
    for (const p of points) if (p >= 0 && out[out.length - 1] !== p) out.push(p);
    return Int32Array.from(out);
  }
}

/** Walks a plan in step order (scheduling points are reached in increasing step counts). */
export class PlanCursor {
  private next = 0;

  constructor(private readonly plan: SitePlan) {}

  /** Whether the scheduling point reached at step count `step` is planned. Precondition: `step` never decreases. */
  has(step: number): boolean {
    const plan = this.plan;
    while (this.next < plan.length && plan[this.next]! < step) this.next++;
    return plan[this.next] === step;
  }
}
