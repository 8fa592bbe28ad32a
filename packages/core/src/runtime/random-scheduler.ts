/**
 * The default scheduler: every decision uniform at random from a seeded
 * generator (Alea, seedrandom's generator: fast, and plenty for choosing among a
 * few options), so the same seed gives the same run. Go picks among ready
 * `select` cases uniformly at random too.
 */
import { Alea } from './alea.ts';
import type { Decision, Scheduler } from './types.ts';

/**
 * A seeded uniform random scheduler.
 *
 * @example
 * ```ts
 * await run(program, { scheduler: new RandomScheduler(42) });
 * ```
 */
export class RandomScheduler implements Scheduler {
  private readonly rng: Alea;

  constructor(seed: number | string = 0) {
    this.rng = new Alea(String(seed));
  }

  choose(d: Decision): number {
    return Math.floor(this.rng.next() * d.options);
  }
}
