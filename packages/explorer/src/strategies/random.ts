/**
 * The random strategy: every decision (goroutine, select case, timer, random
 * value) is uniform over its options, from a generator seeded per schedule.
 * Never exhausted.
 */
import type { Decision, Scheduler } from '../core.ts';
import { makeRng, pick, type Rng } from './rng.ts';
import type { ScheduleContext, Strategy, StrategyOptions } from './types.ts';

/**
 * A seeded uniform random strategy.
 *
 * @example
 * ```ts
 * await explore(program, { strategy: 'random', schedules: 500, seed: 7 });
 * ```
 */
export function randomStrategy(_options?: StrategyOptions): Strategy {
  return {
    name: 'random',
    exhausted: false,
    next(ctx: ScheduleContext): Scheduler {
      return randomScheduler(ctx.seed);
    },
    report(): void {},
  };
}

/**
 * A scheduler that picks uniformly at random, seeded by `seed`.
 *
 * @example
 * ```ts
 * await run(program, { scheduler: randomScheduler('1:0') });
 * ```
 */
export function randomScheduler(seed: string): Scheduler {
  return new UniformScheduler(makeRng(seed));
}

/** Uniform answers from `rng` (a class: no closure per schedule). */
class UniformScheduler implements Scheduler {
  constructor(private readonly rng: Rng) {}

  choose(d: Decision): number {
    return pick(this.rng, d.options);
  }
}
