/**
 * The moves of greedy shrinking (see ./shrink.ts), as preferred answers by
 * decision index, and the scheduler that follows them. Moves are views over
 * the failing run's packed decisions (./trace/decision-log.ts), so trying one on
 * a run of a million decisions allocates nothing per decision.
 *
 * Invariant: a move differs from the run it comes from at one decision index
 * (or cuts it there); everything after a cut runs without preemption.
 */
import type { Decision, DecisionKind, Scheduler } from './core.ts';
import type { DecisionLog } from './trace/decision-log.ts';

/**
 * A preferred answer: a goroutine id for goroutine decisions, an option index otherwise.
 *
 * @example
 * ```ts
 * const prefs: Preference[] = [{ kind: 'goroutine', pick: 2 }, { kind: 'select', pick: 0 }];
 * ```
 */
export interface Preference {
  readonly kind: DecisionKind;
  readonly pick: number;
}

/**
 * Preferred answers by decision index, as a function (a move over a run's decisions).
 *
 * @example
 * ```ts
 * const first: PreferenceSource = { at: (i) => (i === 0 ? { kind: 'goroutine', pick: 2 } : undefined) };
 * ```
 */
export interface PreferenceSource {
  at(index: number): Preference | undefined;
}

/**
 * Follows `prefs` by decision index; elsewhere keeps the current goroutine
 * running, or picks the lowest runnable one, or answers 0.
 *
 * @example
 * ```ts
 * await run(program, { scheduler: guidedScheduler([{ kind: 'goroutine', pick: 2 }]) });
 * ```
 */
export function guidedScheduler(prefs: readonly Preference[] | PreferenceSource): Scheduler {
  const at = Array.isArray(prefs) ? (i: number): Preference | undefined => prefs[i] : (prefs as PreferenceSource).at.bind(prefs);
  return {
    choose(d: Decision): number {
      const p = at(d.index);
      if (p !== undefined && p.kind === d.kind) {
        if (d.kind !== 'goroutine') {
          if (p.pick < d.options) return p.pick;
        } else {
          const i = d.runnable.findIndex((v) => v.id === p.pick);
          if (i >= 0) return i;
        }
      }
      if (d.kind !== 'goroutine') return 0;
      const cur = d.runnable.findIndex((v) => v.id === d.current);
      return cur >= 0 ? cur : 0;
    },
  };
}

/**
 * The answer decision `i` of `log` gave, as a preference.
 *
 * @example
 * ```ts
 * guidedScheduler({ at: (i) => answered(log, i) }); // replays the log's answers
 * ```
 */
export function answered(log: DecisionLog, i: number): Preference | undefined {
  if (i < 0 || i >= log.length) return undefined;
  return { kind: log.kind(i), pick: log.isGoroutine(i) ? log.gid(i) : log.choice(i) };
}

/**
 * The moves to try on a failing run, in order: cut the schedule before a
 * preemption; let the current goroutine go on instead of one preemption; delay
 * one preemption by a step; answer 0 to one select/timer/random decision.
 *
 * @example
 * ```ts
 * for (const move of moves(attempt.log)) await run(program, { scheduler: guidedScheduler(move) });
 * ```
 */
export function* moves(log: DecisionLog): Generator<PreferenceSource> {
  const preempting: number[] = [];
  for (let i = 0; i < log.length; i++) if (log.preempts(i)) preempting.push(i);
  for (const d of preempting) yield { at: (i) => (i < d ? answered(log, i) : undefined) };
  for (const d of preempting) {
    const stay: Preference = { kind: 'goroutine', pick: log.current(d) };
    yield { at: (i) => (i === d ? stay : answered(log, i)) };
  }
  for (const d of preempting) {
    const stay: Preference = { kind: 'goroutine', pick: log.current(d) };
    yield { at: (i) => (i < d ? answered(log, i) : i === d ? stay : answered(log, i - 1)) };
  }
  for (let d = 0; d < log.length; d++) {
    if (log.isGoroutine(d) || log.choice(d) === 0) continue;
    const zero: Preference = { kind: log.kind(d), pick: 0 };
    yield { at: (i) => (i === d ? zero : answered(log, i)) };
  }
}
