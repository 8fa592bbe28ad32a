/**
 * The default strategy, meant to be trusted without tuning. Its three parts
 * take turns from the first schedule, by a rule that looks at the schedule
 * index only (never at the budget):
 *
 * - even indexes (0, 2, 4, ...) go to exhaustive search with partial-order
 *   reduction while it has runs left. A small program is covered completely:
 *   the exploration stops with `exhausted: true` right after the exhaustive
 *   run that finishes the space (index 2c − 2 for c runs).
 * - the other indexes go to PCT (depth `pctDepth`, default 3) when
 *   `index % 4` is 0 or 1 and to uniform random when it is 2 or 3: odd indexes
 *   alternate PCT (1, 5, 9, ...) and random (3, 7, 11, ...), and once the
 *   exhaustive search is over (a run hit the step limit, so the space is not
 *   covered) its even indexes alternate the same way.
 *
 * Why: the n-th run of each part happens at a fixed index, at most 2n
 * (exhaustive) or 4n (PCT, random), whatever the budget. A bug that a small
 * budget finds at schedule k is found at schedule k by every larger budget, and
 * a budget of B still gives the exhaustive search B/2 runs, as many as the old
 * "exhaustive for the first half" split did. The price: a space of c classes is
 * covered after 2c − 1 schedules instead of c.
 *
 * As one shard of several (`shard`), the exhaustive part searches the shard's
 * prefixes (./dpor/partition.ts) and runs at every even index while it has runs,
 * on every shard; the PCT and random schedules are split by index as they are
 * for those strategies (index `i` on shard `i % count + 1`).
 *
 * Invariant: which part runs schedule `i` depends only on `i` and on whether the
 * exhaustive search still has runs (its state after the schedules before `i`),
 * so the whole exploration stays deterministic, and worker threads can tell it
 * from the index (see ../workers/plan.ts, which mirrors {@link portfolioPart}).
 */
import type { RunResult, Scheduler } from '../core.ts';
import { exhaustiveStrategy } from './exhaustive.ts';
import { pctStrategy } from './pct.ts';
import { randomStrategy } from './random.ts';
import type { ScheduleContext, Strategy, StrategyOptions } from './types.ts';

/**
 * The part of the portfolio that runs schedule `index`, given whether the
 * exhaustive search still has runs.
 *
 * @example
 * ```ts
 * portfolioPart(0, true);  // 'exhaustive'
 * portfolioPart(1, true);  // 'pct'
 * portfolioPart(3, true);  // 'random'
 * portfolioPart(6, false); // 'random'
 * ```
 */
export function portfolioPart(index: number, exhaustiveActive: boolean): 'exhaustive' | 'pct' | 'random' {
  if (index % 2 === 0 && exhaustiveActive) return 'exhaustive';
  return index % 4 < 2 ? 'pct' : 'random';
}

/**
 * Exhaustive, PCT and random by turns from the first schedule.
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
  let active: Strategy = exhaustive;
  const shard = options.shard;
  return {
    name: 'portfolio',
    get exhausted(): boolean {
      return exhaustive.exhausted;
    },
    get nondeterminism(): string | undefined {
      return exhaustive.nondeterminism;
    },
    wantsTrace(index: number): boolean {
      return portfolioPart(index, exhaustive.wantsTrace()) === 'exhaustive';
    },
    next(ctx: ScheduleContext): Scheduler | undefined {
      if (exhaustive.nondeterminism !== undefined) return undefined;
      if (portfolioPart(ctx.index, exhaustive.wantsTrace()) === 'exhaustive') {
        const scheduler = exhaustive.next(ctx);
        active = exhaustive;
        if (scheduler !== undefined) return scheduler;
      }
      active = portfolioPart(ctx.index, false) === 'pct' ? pct : random;
      return active.next(ctx);
    },
    report(result: RunResult, ctx: ScheduleContext): void {
      active.report(result, ctx);
    },
    ownsSchedule(index: number): boolean {
      if (shard === undefined || portfolioPart(index, exhaustive.wantsTrace()) === 'exhaustive') return true;
      return index % shard.count === shard.index - 1;
    },
    stats: () => ({ ...exhaustive.stats(), ...(pct.stats?.() ?? {}) }),
  };
}
