/**
 * How the built-in strategies split over worker threads without changing a
 * single schedule.
 *
 * - random: schedule `i` depends on `${seed}:${i}` only, so any worker runs any
 *   index.
 * - pct: schedule `i` also depends on the estimate k (most goroutine decisions
 *   seen in the PCT schedules before `i`, see ../strategies/pct.ts). A worker is
 *   given a guess of k, runs a chunk of indices folding its own runs into the
 *   guess as the strategy would, and reports the k each schedule was built with;
 *   the main thread accepts a schedule only if that k is the true one (the fold
 *   of every schedule before it) and has the rest run again otherwise. k only
 *   grows and settles quickly, so guesses are rarely wrong.
 * - portfolio: its exhaustive part (the even indexes while the search has runs,
 *   see ../strategies/portfolio.ts) depends on every exhaustive run before it, so
 *   one worker runs it as one sequential segment (indexes 0, 2, 4, ...) with a
 *   real exhaustive strategy, while the others run the PCT and random indexes
 *   (the odd ones) in chunks as above. If a segment run covers the space, the
 *   exploration ends right after it and later work is dropped; if the search
 *   ends without covering it (a run hit the step limit), the even indexes after
 *   it join the PCT/random chunks.
 * - exhaustive and custom strategy objects do not split: `explore` runs them in
 *   its own thread.
 *
 * Invariant: {@link IndexPhase} builds, for an index and an exact k, the
 * scheduler the in-process strategy builds, and runs exactly the indexes
 * {@link inSegment} leaves to it; {@link PctMirror} folds exactly as
 * `pctStrategy` does and reports its statistics with the same keys and order.
 */
import type { RunResult, Scheduler } from '../core.ts';
import { PctScheduler, pctStrategy } from '../strategies/pct.ts';
import { portfolioPart } from '../strategies/portfolio.ts';
import { randomScheduler } from '../strategies/random.ts';
import { makeRng } from '../strategies/rng.ts';
import type { ScheduleContext, Strategy, StrategyOptions } from '../strategies/types.ts';

/**
 * The built-in strategies that split over workers.
 *
 * @example
 * ```ts
 * const kind: PlanKind = 'portfolio';
 * ```
 */
export type PlanKind = 'random' | 'pct' | 'portfolio';

/**
 * A split strategy: what workers and the main thread both need to know.
 *
 * @example
 * ```ts
 * const plan: Plan = { kind: 'pct', options: { schedules: 500, pctDepth: 3 } };
 * ```
 */
export interface Plan {
  readonly kind: PlanKind;
  readonly options: StrategyOptions;
}

/**
 * Whether schedule `index` belongs to the portfolio's exhaustive segment, given
 * the first even index that no longer does (`exhaustiveUntil`: Infinity while
 * the search may still have runs). Never for the other plans.
 *
 * @example
 * ```ts
 * inSegment(portfolio, 4, Infinity); // true
 * inSegment(portfolio, 4, 4);        // false: the search ended after 2 runs
 * inSegment(portfolio, 5, Infinity); // false
 * ```
 */
export function inSegment(plan: Plan, index: number, exhaustiveUntil: number): boolean {
  return plan.kind === 'portfolio' && index < exhaustiveUntil && portfolioPart(index, true) === 'exhaustive';
}

/**
 * Which sub-strategy runs index `i` outside the segment (the portfolio's rule,
 * ../strategies/portfolio.ts).
 *
 * @example
 * ```ts
 * kindAt({ kind: 'portfolio', options }, 7); // 'random'
 * ```
 */
export function kindAt(plan: Plan, index: number): 'pct' | 'random' {
  if (plan.kind === 'portfolio') return portfolioPart(index, false) === 'pct' ? 'pct' : 'random';
  return plan.kind;
}

/**
 * PCT's estimates (n goroutines, k goroutine decisions).
 *
 * @example
 * ```ts
 * const s: PctState = { n: 2, k: 16 };
 * ```
 */
export interface PctState {
  n: number;
  k: number;
}

/**
 * PCT's estimates as `pctStrategy` keeps them, outside the strategy: its
 * depth and starting values come from a fresh `pctStrategy`, its fold is the
 * strategy's (maxima).
 *
 * @example
 * ```ts
 * const m = new PctMirror({ schedules: 100 });
 * m.fold({ n: 3, steps: 40 });
 * m.state.k; // 40
 * ```
 */
export class PctMirror {
  readonly depth: number;
  readonly state: PctState;

  constructor(options: StrategyOptions, state?: PctState) {
    const fresh = pctStrategy(options).stats?.() ?? {};
    const depth = fresh['pctDepth'];
    const n = fresh['pctN'];
    const k = fresh['pctK'];
    if (depth === undefined || n === undefined || k === undefined) {
      throw new Error('pctStrategy.stats() no longer reports pctDepth, pctN and pctK: update workers/plan.ts');
    }
    this.depth = depth;
    this.state = state === undefined ? { n, k } : { ...state };
  }

  /** Takes in what one PCT schedule saw. */
  fold(seen: { n: number; steps: number }): void {
    this.state.n = Math.max(this.state.n, seen.n);
    this.state.k = Math.max(this.state.k, seen.steps);
  }

  /** `pctStrategy`'s statistics, same keys, same order. */
  stats(): Record<string, number> {
    return { pctDepth: this.depth, pctN: this.state.n, pctK: this.state.k };
  }
}

/**
 * The PCT/random phase of a plan as a strategy that starts from given PCT
 * estimates: a worker runs a chunk of indices through it.
 *
 * @example
 * ```ts
 * const phase = new IndexPhase(plan, { n: 2, k: 16 });
 * await runSchedule(setup, phase, 40);
 * phase.lastPct; // { k: 16, n: 3, steps: 21 } for a PCT index
 * ```
 */
export class IndexPhase implements Strategy {
  readonly name = 'index-phase';
  readonly exhausted = false;
  /** What the last PCT schedule was built with and saw; undefined after a random one. */
  lastPct: { k: number; n: number; steps: number } | undefined;
  private readonly mirror: PctMirror;
  private pct: { scheduler: PctScheduler; k: number } | undefined;

  constructor(private readonly plan: Plan, state: PctState | undefined) {
    this.mirror = new PctMirror(plan.options, state);
  }

  next(ctx: ScheduleContext): Scheduler {
    this.lastPct = undefined;
    if (kindAt(this.plan, ctx.index) === 'random') {
      this.pct = undefined;
      return randomScheduler(ctx.seed);
    }
    // As pctStrategy's next(): one generator per schedule seed, the current k.
    const k = this.mirror.state.k;
    this.pct = { scheduler: new PctScheduler(makeRng(ctx.seed), this.mirror.depth, k), k };
    ctx.recorder.watch(this.pct.scheduler);
    return this.pct.scheduler;
  }

  report(_result: RunResult): void {
    if (this.pct === undefined) return;
    const seen = { n: this.pct.scheduler.goroutines, steps: this.pct.scheduler.steps };
    this.mirror.fold(seen);
    this.lastPct = { k: this.pct.k, ...seen };
    this.pct = undefined;
  }
}
