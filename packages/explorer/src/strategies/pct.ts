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
import { Candidates } from './pct-candidates.ts';
import { makeRng, pick, type Rng } from './rng.ts';
import type { RunnableWatcher } from '../trace/recorder.ts';
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
      ctx.recorder.watch(last);
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
 * One PCT schedule. Told which goroutines become runnable and which stop (by the
 * run's recorder, {@link PctScheduler.runnable}/{@link PctScheduler.stopped}), it
 * keeps them by priority (./pct-candidates.ts) and answers a decision that
 * offers all of them without reading the list; otherwise (a `go()`, a yielder
 * deferred, no events) it scans the list offered. Both give the same answers:
 * the highest priority wins, newcomers get theirs in id order.
 *
 * @example
 * ```ts
 * await run(program, { scheduler: new PctScheduler(makeRng('1'), 3, 50) });
 * ```
 */
export class PctScheduler implements Scheduler, RunnableWatcher {
  /** Goroutine decisions taken so far. */
  steps = 0;
  /** Goroutines that got a priority (seen runnable). */
  goroutines = 0;
  /** Priorities, and the goroutines that can run as the run's events tell them. */
  private readonly cands = new Candidates();
  /** Goroutine-decision ordinal (1-based) to the priority given at that change point. */
  private readonly changes = new Map<number, number>();

  constructor(private readonly rng: Rng, private readonly depth: number, k: number) {
    const points = new Set<number>();
    const wanted = Math.min(depth - 1, k);
    while (points.size < wanted) points.add(1 + pick(rng, k));
    [...points].sort((a, b) => a - b).forEach((p, i) => this.changes.set(p, i + 1));
  }

  runnable(g: number): void {
    this.cands.add(g);
  }

  stopped(g: number): void {
    this.cands.remove(g);
  }

  choose(d: Decision): number {
    if (d.kind !== 'goroutine') return pick(this.rng, d.options);
    this.steps++;
    const change = this.changes.get(this.steps);
    const c = this.cands;
    if (d.options !== c.count) return this.scan(d.runnable, change);
    // Every candidate is offered, in id order: newcomers first get their priority, in id order.
    for (const id of c.takeNewcomers()) this.assign(id);
    let best = c.top();
    if (change !== undefined) {
      c.setPriority(best, change);
      best = c.top();
    }
    return c.rank(best);
  }

  /** The answer from the list offered (see the class comment). */
  private scan(runnable: Decision['runnable'], change: number | undefined): number {
    let best = this.highest(runnable, true);
    if (change !== undefined) {
      this.cands.setPriority(runnable[best]!.id, change);
      best = this.highest(runnable, false);
    }
    return best;
  }

  /** Index of the runnable goroutine with the highest priority; `assign` gives newcomers one. */
  private highest(runnable: Decision['runnable'], assign: boolean): number {
    const c = this.cands;
    let best = 0;
    let bestPrio = -1;
    for (let i = 0; i < runnable.length; i++) {
      const id = runnable[i]!.id;
      let p = c.priority(id);
      if (p === 0 && assign) p = this.assign(id);
      if (p > bestPrio) {
        best = i;
        bestPrio = p;
      }
    }
    return best;
  }

  /** Gives goroutine `id` its initial priority: random, above every change point's. */
  private assign(id: number): number {
    const p = this.depth + 1 + this.rng.next();
    this.cands.setPriority(id, p);
    this.goroutines++;
    return p;
  }
}
