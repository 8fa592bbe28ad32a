/**
 * Initials of a reversed race, the heart of source-set DPOR (Abdulla, Aronis,
 * Jonsson, Sagonas, POPL 2014, Algorithm 1): for a race e ⋖ e', the sequence
 * v = notdep(e, E).e' holds the steps after e that do not happen after it,
 * followed by e'. Any goroutine whose first step in v has no predecessor in v
 * can start an execution that reverses the race; adding one of them to the
 * backtrack set of the state before e is enough (a source set). The exhaustive
 * strategy uses this when bounded (`maxPreemptions`, no sleep sets) and where a
 * wakeup sequence cannot start at its node; otherwise it keeps the whole
 * sequence in a wakeup tree (./wakeup-tree.ts).
 *
 * Invariant: the result lists goroutine ids in order of first appearance in v.
 */
import type { HappensBefore } from './happens-before.ts';

/**
 * Goroutines that can start `notdep(i).j` from the state before event `i`.
 * `real` is the number of executed steps: virtual events (index >= real) other
 * than `j` are not part of the execution.
 *
 * @example
 * ```ts
 * for (const { i, j } of hb.races()) initials(hb, i, j, steps.length); // e.g. [3]
 * ```
 */
export function initials(hb: HappensBefore, i: number, j: number, real: number): number[] {
  const first = new Map<number, number>();
  const out: number[] = [];
  const consider = (k: number): void => {
    const e = hb.events[k];
    if (e === undefined) return;
    if (k !== j && hb.before(i, k)) return;
    const t = hb.tid(e.g);
    if (first.has(t)) return;
    const clock = hb.clockOf(k);
    let hasPred = false;
    for (const [t2, local] of first) {
      if (clock[t2]! > local) {
        hasPred = true;
        break;
      }
    }
    first.set(t, e.local);
    if (!hasPred) out.push(e.g);
  };
  const stop = Math.min(j, real);
  for (let k = i + 1; k < stop; k++) consider(k);
  consider(j);
  return out;
}
