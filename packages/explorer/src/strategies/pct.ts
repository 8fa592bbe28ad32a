/**
 * Probabilistic concurrency testing: Burckhardt, Kothari, Musuvathi,
 * Nagarakatte, "A Randomized Scheduler with Probabilistic Guarantees of Finding
 * Bugs", ASPLOS 2010.
 *
 * Per schedule: every goroutine gets a random initial priority above d (in
 * creation order, a uniformly random permutation); d-1 change points are drawn
 * uniformly among the k scheduling steps; the highest-priority runnable
 * goroutine always runs; when the i-th change point is reached, the goroutine
 * about to run drops to priority i (below every initial priority). A bug of depth
 * d is then found with probability at least 1/(n·k^(d-1)) per schedule, n being
 * the number of goroutines.
 *
 * Here a "step" is a goroutine decision (a scheduling point with at least two
 * runnable goroutines; points with one are not decisions and cannot preempt).
 * n and k are not known in advance: they are estimated as the maxima seen in the
 * schedules run so far (first schedule: n = 2, k = 16). Other decisions
 * (select cases, timers, random values) are uniform.
 *
 * Invariant: priorities are distinct; change-point priorities 1..d-1 are below
 * every initial priority (> d).
 */
import type { Decision, Scheduler } from '../core.ts';
import { makeRng, pick, type Rng } from './rng.ts';
import type { ScheduleContext, Strategy, StrategyOptions } from './types.ts';

/** PCT's estimates, updated after every schedule. */
interface Estimates {
  /** Most goroutines seen in one schedule. */
  n: number;
  /** Most goroutine decisions seen in one schedule. */
  k: number;
}

/**
 * The PCT strategy with depth `pctDepth` (default 3).
 *
 * @example
 * ```ts
 * await explore(program, { strategy: 'pct', pctDepth: 2, schedules: 1000 });
 * ```
 */
export function pctStrategy(options?: StrategyOptions): Strategy {
  const depth = Math.max(1, Math.floor(options?.pctDepth ?? 3));
  const est: Estimates = { n: 2, k: 16 };
  let last: PctScheduler | undefined;
  return {
    name: 'pct',
    exhausted: false,
    next(ctx: ScheduleContext): Scheduler {
      last = new PctScheduler(makeRng(ctx.seed), depth, est.k);
      return last;
    },
    report(): void {
      if (last === undefined) return;
      est.n = Math.max(est.n, last.goroutines);
      est.k = Math.max(est.k, last.steps);
    },
    stats: () => ({ pctDepth: depth, pctN: est.n, pctK: est.k }),
  };
}

/**
 * One PCT schedule.
 *
 * @example
 * ```ts
 * await run(program, { scheduler: new PctScheduler(makeRng('1'), 3, 50) });
 * ```
 */
export class PctScheduler implements Scheduler {
  /** Goroutine decisions taken so far. */
  steps = 0;
  /** Goroutines that got a priority (seen runnable). */
  goroutines = 0;
  /**
   * Priority by goroutine id (0: none yet; every priority given is >= 1). A typed
   * array, grown to the largest id seen: a plain array filled in the order
   * goroutines first become runnable turns sparse, and every look-up a hash look-up
   * (most of a 1,000-goroutine run's time).
   */
  private priority: Float64Array = new Float64Array(64);
  /** Goroutine-decision ordinal (1-based) to the priority given at that change point. */
  private readonly changes = new Map<number, number>();

  constructor(private readonly rng: Rng, private readonly depth: number, k: number) {
    const points = new Set<number>();
    const wanted = Math.min(depth - 1, k);
    while (points.size < wanted) points.add(1 + pick(rng, k));
    [...points].sort((a, b) => a - b).forEach((p, i) => this.changes.set(p, i + 1));
  }

  choose(d: Decision): number {
    if (d.kind !== 'goroutine') return pick(this.rng, d.options);
    this.steps++;
    const runnable = d.runnable;
    let best = this.highest(runnable, true);
    const change = this.changes.get(this.steps);
    if (change !== undefined) {
      this.priority[runnable[best]!.id] = change; // within bounds: highest() made room for every id offered
      best = this.highest(runnable, false);
    }
    return best;
  }

  /** Index of the runnable goroutine with the highest priority; `assign` gives newcomers one. */
  private highest(runnable: Decision['runnable'], assign: boolean): number {
    let prio = this.priority;
    let best = 0;
    let bestPrio = -1;
    for (let i = 0; i < runnable.length; i++) {
      const id = runnable[i]!.id;
      if (id >= prio.length) prio = this.grow(id);
      let p = prio[id]!;
      if (p === 0 && assign) {
        p = prio[id] = this.depth + 1 + this.rng.next();
        this.goroutines++;
      }
      if (p > bestPrio) {
        best = i;
        bestPrio = p;
      }
    }
    return best;
  }

  /** Makes room for goroutine `id`; returns the new array. */
  private grow(id: number): Float64Array {
    let n = this.priority.length;
    while (n <= id) n *= 2;
    const grown = new Float64Array(n);
    grown.set(this.priority);
    this.priority = grown;
    return grown;
  }
}
