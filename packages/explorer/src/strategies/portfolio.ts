/**
 * The default strategy, meant to be trusted without tuning:
 *
 * 1. Exhaustive search with partial-order reduction, for up to half of the
 *    schedule budget. Small programs are covered completely: the exploration
 *    stops early with `exhausted: true`, so every interleaving class was run.
 * 2. If the space is larger than that, the rest of the budget alternates PCT
 *    (depth `pctDepth`, default 3) on even schedule indexes and uniform random
 *    on odd ones: PCT gives the depth-d guarantee, random covers the bugs that
 *    need many preemptions or a specific select or timer choice.
 *
 * Invariant: which sub-strategy runs schedule `i` depends only on `i`, the
 * budget and whether the exhaustive phase finished, so the whole exploration
 * stays deterministic.
 */
import type { RunResult, Scheduler } from '../core.ts';
import { exhaustiveStrategy } from './exhaustive.ts';
import { pctStrategy } from './pct.ts';
import { randomStrategy } from './random.ts';
import type { ScheduleContext, Strategy, StrategyOptions } from './types.ts';

/**
 * Exhaustive while small, then PCT and random by turns.
 *
 * @example
 * ```ts
 * await explore(program); // uses the portfolio
 * ```
 */
export function portfolioStrategy(options: StrategyOptions): Strategy {
  const exhaustive = exhaustiveStrategy({ ...options, maxPreemptions: undefined });
  const pct = pctStrategy(options);
  const random = randomStrategy(options);
  const exhaustiveBudget = Math.max(1, Math.floor(options.schedules / 2));
  let active: Strategy = exhaustive;
  return {
    name: 'portfolio',
    get exhausted(): boolean {
      return exhaustive.exhausted;
    },
    get nondeterminism(): string | undefined {
      return exhaustive.nondeterminism;
    },
    wantsTrace(index: number): boolean {
      return index < exhaustiveBudget && exhaustive.wantsTrace();
    },
    next(ctx: ScheduleContext): Scheduler | undefined {
      if (exhaustive.nondeterminism !== undefined) return undefined;
      if (ctx.index < exhaustiveBudget && !exhaustive.exhausted) {
        const scheduler = exhaustive.next(ctx);
        active = exhaustive;
        if (scheduler !== undefined) return scheduler;
      }
      active = ctx.index % 2 === 0 ? pct : random;
      return active.next(ctx);
    },
    report(result: RunResult, ctx: ScheduleContext): void {
      active.report(result, ctx);
    },
    stats: () => ({ ...exhaustive.stats(), ...(pct.stats?.() ?? {}) }),
  };
}
