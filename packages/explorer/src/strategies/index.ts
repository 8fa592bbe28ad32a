/**
 * The strategy registry: every built-in strategy by name. `explore`'s
 * `strategy` option takes one of these names (or a {@link Strategy} object);
 * without it, `portfolio` is used.
 *
 * Invariant: every factory returns a fresh, independent strategy.
 */
import { exhaustiveStrategy } from './exhaustive.ts';
import { pctStrategy } from './pct.ts';
import { portfolioStrategy } from './portfolio.ts';
import { randomStrategy } from './random.ts';
import type { StrategyFactory } from './types.ts';

/**
 * Names of the built-in strategies.
 *
 * @example
 * ```ts
 * const name: StrategyName = 'pct';
 * ```
 */
export type StrategyName = 'random' | 'pct' | 'exhaustive' | 'portfolio';

/**
 * Built-in strategy factories by name.
 *
 * @example
 * ```ts
 * const s = strategies.exhaustive({ schedules: 100, maxPreemptions: 2 });
 * ```
 */
export const strategies: Readonly<Record<StrategyName, StrategyFactory>> = {
  random: randomStrategy,
  pct: pctStrategy,
  exhaustive: exhaustiveStrategy,
  portfolio: portfolioStrategy,
};

export type { ScheduleContext, Strategy, StrategyFactory, StrategyOptions } from './types.ts';
export { ExhaustiveStrategy, exhaustiveStrategy } from './exhaustive.ts';
export { PctScheduler, pctStrategy } from './pct.ts';
export { portfolioStrategy } from './portfolio.ts';
export { randomScheduler, randomStrategy } from './random.ts';
