/**
 * Seeded randomness for strategies: Alea (seedrandom's generator, the same
 * numbers for the same seed), from core, where creating one costs next to
 * nothing; explorations create one per schedule.
 *
 * Invariant: the same seed string gives the same sequence in any process.
 */
import { Alea } from '../core.ts';

/**
 * A generator of uniform floats in [0, 1).
 *
 * @example
 * ```ts
 * const rng: Rng = makeRng('7'); rng.next(); // 0.43...
 * ```
 */
export interface Rng {
  next(): number;
}

/**
 * A generator seeded by `seed`.
 *
 * @example
 * ```ts
 * const rng = makeRng('42:0');
 * pick(rng, 3); // 0, 1 or 2
 * ```
 */
export function makeRng(seed: string): Rng {
  return new Alea(seed);
}

/**
 * A uniform integer in [0, n).
 *
 * @example
 * ```ts
 * pick(makeRng('s'), 6);
 * ```
 */
export function pick(rng: Rng, n: number): number {
  const k = Math.floor(rng.next() * n);
  return k < n ? k : n - 1;
}
