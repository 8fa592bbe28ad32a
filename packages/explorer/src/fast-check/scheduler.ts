/**
 * The core `Scheduler` that follows a {@link Schedule}: at a decision a pick
 * names, it takes that alternative; everywhere else it takes the default, which
 * never preempts (keep the current goroutine running; when it cannot run, the
 * lowest-numbered runnable goroutine; option 0 of any other decision). Picks
 * past a run's last decision do nothing.
 *
 * Invariant: answers depend only on the schedule and the decisions asked, so a
 * program that is deterministic gives the same run for the same schedule.
 */
import type { Decision, Scheduler } from '../core.ts';
import type { Schedule } from './schedule.ts';

/**
 * A scheduler that runs `schedule`.
 *
 * @example
 * ```ts
 * import { run } from '@interleave/core';
 * const result = await run(program, { scheduler: scheduleScheduler(schedule({ at: 2, pick: 1 })) });
 * ```
 */
export function scheduleScheduler(schedule: Schedule): Scheduler {
  const picks = new Map<number, number>();
  for (const p of schedule.picks) if (!picks.has(p.at)) picks.set(p.at, p.pick);
  return { choose: (d: Decision): number => answer(d, picks.get(d.index) ?? 0) };
}

/**
 * Alternative `pick` of decision `d`, capped at its last one (so that every
 * pick past it means the same, and shrinking a pick never jumps back to 0).
 * For goroutines, alternatives count from the current one in id order,
 * wrapping around (0 = no preemption).
 */
function answer(d: Decision, pick: number): number {
  const k = Math.min(pick, d.options - 1);
  if (d.kind !== 'goroutine' || d.current === 0) return k;
  const current = d.runnable.findIndex((g) => g.id === d.current);
  return ((current < 0 ? 0 : current) + k) % d.options;
}
