/**
 * How likely the next schedule is to show an interleaving class not seen yet:
 * the Good–Turing estimate of the missing mass (I. J. Good, "The population
 * frequencies of species and the estimation of population parameters",
 * Biometrika 40(3–4), 1953; credited there to A. M. Turing): with n schedules
 * run and n1 classes seen exactly once, the probability that schedule n + 1
 * falls in an unseen class is estimated by n1 / n.
 *
 * It is an estimate for schedules drawn independently from one distribution
 * (random, PCT: schedule i is driven by its own seed). The exhaustive search
 * and the portfolio's search part do not sample: partial-order reduction runs
 * each class about once, so n1 / n stays near 1 while the search is under way
 * and only says "every run found something new". A complete exploration has
 * seen every class, so its estimate is 0 whatever the counts say.
 *
 * Invariants: 0 <= n1 <= classes <= n; the estimate is in [0, 1]; it is 1 for
 * n = 0 (the first schedule always shows a new class).
 */

/**
 * Classes seen, classes seen exactly once, and the Good–Turing estimate.
 *
 * @example
 * ```ts
 * const counts = new Map([[0xa1, 3], [0xb2, 1]]); // class -> schedules that ran it
 * newClassEstimate(counts.values(), 4, false); // { seenOnce: 1, newClassChance: 0.25 }
 * newClassEstimate(counts.values(), 4, true);  // { seenOnce: 1, newClassChance: 0 }
 * ```
 */
export function newClassEstimate(counts: Iterable<number>, schedules: number, complete: boolean): { seenOnce: number; newClassChance: number } {
  let seenOnce = 0;
  for (const c of counts) if (c === 1) seenOnce++;
  if (complete) return { seenOnce, newClassChance: 0 };
  return { seenOnce, newClassChance: schedules === 0 ? 1 : seenOnce / schedules };
}
