/**
 * Seeded randomness for strategies: seedrandom's Alea generator, fast and
 * identical on every platform.
 *
 * Invariant: the same seed string gives the same sequence in any process.
 */
import seedrandom from 'seedrandom';

/**
 * A function returning uniform floats in [0, 1).
 *
 * @example
 * ```ts
 * const rng: Rng = makeRng('7'); rng(); // 0.43...
 * ```
 */
export type Rng = () => number;

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
  return seedrandom.alea(seed);
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
  const k = Math.floor(rng() * n);
  return k < n ? k : n - 1;
}
