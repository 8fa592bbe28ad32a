/**
 * Alea, Johannes Baagøe's seeded generator (the one seedrandom ships as
 * `seedrandom.alea`), as a class: the same numbers for the same seed string,
 * without the closures and function properties seedrandom builds for every
 * generator. An exploration makes one generator per schedule, so creating one
 * must cost next to nothing (about 80 ns here against 840 ns).
 *
 * Invariant: `new Alea(s)` draws exactly what `seedrandom.alea(s)` draws, for
 * every string `s` (checked against seedrandom by a property test).
 */

/** 2^-32. */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * A seeded generator of uniform floats in [0, 1).
 *
 * @example
 * ```ts
 * const rng = new Alea('42:0');
 * rng.next(); // a float in [0, 1), the same in every process
 * ```
 */
export class Alea {
  private s0: number;
  private s1: number;
  private s2: number;
  private c = 1;

  constructor(seed: string) {
    // Alea starts from three hashes of ' ', the same for every seed: computed once (START).
    const mash = new Mash(START.n);
    this.s0 = START.s0;
    this.s1 = START.s1;
    this.s2 = START.s2;
    this.s0 -= mash.hash(seed);
    if (this.s0 < 0) this.s0 += 1;
    this.s1 -= mash.hash(seed);
    if (this.s1 < 0) this.s1 += 1;
    this.s2 -= mash.hash(seed);
    if (this.s2 < 0) this.s2 += 1;
  }

  /** The next float in [0, 1). */
  next(): number {
    const t = 2091639 * this.s0 + this.c * TWO_POW_MINUS_32;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }
}

/** Baagøe's Mash: a running hash of strings, each call continuing from the last. */
class Mash {
  constructor(public n = 0xefc8249d) {}

  hash(data: string): number {
    let n = this.n;
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    this.n = n;
    return (n >>> 0) * TWO_POW_MINUS_32;
  }
}

/** Alea's state before the seed is mixed in: three hashes of ' ' by a fresh Mash. */
const START = ((): { s0: number; s1: number; s2: number; n: number } => {
  const mash = new Mash();
  const s0 = mash.hash(' ');
  const s1 = mash.hash(' ');
  const s2 = mash.hash(' ');
  return { s0, s1, s2, n: mash.n };
})();
