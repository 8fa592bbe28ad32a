/**
 * Shrink candidates of a schedule, in the order fast-check should try them
 * (it keeps the first that still fails and starts again from it):
 * 1. no departure at all;
 * 2. one departure fewer;
 * 3. one departure fewer, the later ones one decision later (a preemption
 *    taken early often stands for one taken a decision later, once the
 *    goroutine it switched to no longer takes a decision of its own first);
 * 4. one departure earlier (to decision 0, to half its index, one earlier);
 * 5. one departure to a nearer alternative (to 1, one less);
 * 6. when there are several departures and none of the above still fails: a
 *    single departure, at every decision up to `maxDecision`, to alternative 1
 *    and then 2 (the first level of iterative context bounding: Musuvathi and
 *    Qadeer, PLDI 2007). Two preemptions that together put a goroutine where
 *    one later preemption would have are a local minimum of the moves above;
 *    this is the way out, and it costs runs only once they are exhausted.
 *
 * Invariant (termination): every candidate is smaller than its schedule in the
 * order (number of picks, sum of `at`, sum of `pick`), lexicographically.
 */
import type { SchedulePick } from './schedule.ts';

/**
 * Bounds of the single-departure candidates (the arbitrary's own bounds).
 *
 * @example
 * ```ts
 * const b: ShrinkBounds = { maxDecision: 63, maxPick: 3 };
 * ```
 */
export interface ShrinkBounds {
  readonly maxDecision: number;
  readonly maxPick: number;
}

/**
 * The candidates, lazily.
 *
 * @example
 * ```ts
 * [...shrinkPicks([{ at: 0, pick: 1 }, { at: 1, pick: 1 }], { maxDecision: 63, maxPick: 3 })][0]; // []
 * ```
 */
export function* shrinkPicks(picks: readonly SchedulePick[], bounds: ShrinkBounds): Generator<SchedulePick[]> {
  const n = picks.length;
  if (n === 0) return;
  yield [];
  if (n > 1) for (let i = 0; i < n; i++) yield without(picks, i);
  for (let i = 0; i < n - 1; i++) yield [...picks.slice(0, i), ...picks.slice(i + 1).map((p) => ({ at: p.at + 1, pick: p.pick }))];
  for (let i = 0; i < n; i++) {
    const p = picks[i]!;
    const earliest = i === 0 ? 0 : picks[i - 1]!.at + 1;
    const targets = new Set([earliest, Math.max(earliest, p.at >> 1), p.at - 1]);
    for (const at of targets) if (at >= earliest && at < p.at) yield replace(picks, i, { at, pick: p.pick });
  }
  for (let i = 0; i < n; i++) {
    const p = picks[i]!;
    if (p.pick > 1) yield replace(picks, i, { at: p.at, pick: 1 });
    if (p.pick > 2) yield replace(picks, i, { at: p.at, pick: p.pick - 1 });
  }
  if (n < 2) return;
  for (let pick = 1; pick <= Math.min(2, bounds.maxPick); pick++) {
    for (let at = 0; at <= bounds.maxDecision; at++) yield [{ at, pick }];
  }
}

function without(picks: readonly SchedulePick[], i: number): SchedulePick[] {
  return [...picks.slice(0, i), ...picks.slice(i + 1)];
}

function replace(picks: readonly SchedulePick[], i: number, p: SchedulePick): SchedulePick[] {
  return [...picks.slice(0, i), p, ...picks.slice(i + 1)];
}
