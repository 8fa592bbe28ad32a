/**
 * Shrinking a failing schedule: greedy search for a schedule with fewer
 * preemptions (then fewer steps, then smaller select/random answers) that still
 * gives a finding of the same kind.
 *
 * Two searches, within one budget of runs:
 * 1. Greedy local moves. A schedule is replayed through a guided scheduler that
 *    follows preferred answers by decision index (goroutines by id) and, where a
 *    preference does not apply, keeps the current goroutine running (no
 *    preemption). Moves, in order: cut the schedule before a preemption
 *    (everything after runs without preemption); let the current goroutine go on
 *    instead of one preemption; delay one preemption by a step; answer 0 to one
 *    select/timer/random decision.
 * 2. Iterative context bounding (Musuvathi and Qadeer, PLDI 2007): exhaustive
 *    search with 0, 1, ... preemptions (a few dozen runs per bound) for a failing
 *    schedule with fewer preemptions than the best so far, which moves
 *    preemptions to other places than the greedy moves can.
 *
 * A candidate is accepted when it still fails the same way: by default, when
 * a finding of the same kind is among its findings (`accepts` says otherwise;
 * findings are in the order they happened: core sorts them by step).
 *
 * Invariants: an accepted candidate never has more preemptions or more steps
 * than the schedule it replaces (shrinking never makes a failure longer), and
 * the work is bounded by `maxRuns` runs and `maxTotalSteps` steps in all (no wall
 * clock: deterministic; a livelock's million-step runs get a few tries, not 200).
 */
import type { Engine, EngineOptions, FindingKind, RunResult, Scheduler } from './core.ts';
import { exhaustiveStrategy } from './strategies/exhaustive.ts';
import { guidedScheduler, moves, type PreferenceSource } from './shrink-moves.ts';
import type { DecisionLog, DecisionRecord } from './trace/decision-log.ts';
import { Recorder } from './trace/recorder.ts';

export { guidedScheduler, type Preference, type PreferenceSource } from './shrink-moves.ts';

/**
 * A failing schedule and its measures.
 *
 * @example
 * ```ts
 * const a: Attempt = measure(result, recorder); // a.preemptions, a.steps
 * ```
 */
export interface Attempt {
  readonly result: RunResult;
  /** The run's decisions, packed. */
  readonly log: DecisionLog;
  /** The same decisions as objects (made when read). */
  readonly decisions: readonly DecisionRecord[];
  readonly steps: number;
  readonly preemptions: number;
  /** Sum of the answers of non-goroutine decisions. */
  readonly choiceSum: number;
}

/** An {@link Attempt} whose decision objects are made only when read. */
class Measured implements Attempt {
  constructor(
    readonly result: RunResult,
    readonly log: DecisionLog,
    readonly steps: number,
    readonly preemptions: number,
    readonly choiceSum: number,
  ) {}

  get decisions(): readonly DecisionRecord[] {
    return Array.from({ length: this.log.length }, (_, i) => this.log.record(i));
  }
}

/** A {@link Shrunk}: the best attempt and what the search spent. */
class ShrunkAttempt extends Measured implements Shrunk {
  constructor(best: Attempt, readonly runs: number, readonly stopped: boolean) {
    super(best.result, best.log, best.steps, best.preemptions, best.choiceSum);
  }
}

/**
 * What {@link shrinkSchedule} needs.
 *
 * @example
 * ```ts
 * const input: ShrinkInput<Program> = { engine, program, kind: 'panic', start, runOptions: (scheduler, rec) => ({ scheduler, monitors: [rec] }) };
 * ```
 */
export interface ShrinkInput<P> {
  readonly engine: Engine<P>;
  readonly program: P;
  readonly kind: FindingKind;
  readonly start: Attempt;
  /** Run options of one attempt (the detectors included); `recorder` must be a monitor. */
  readonly runOptions: (scheduler: Scheduler, recorder: Recorder) => EngineOptions;
  /** Most runs to spend. Default 200. */
  readonly maxRuns?: number;
  /** Most steps to spend, over all runs (a run that starts under it may end past it). Default 5,000,000. */
  readonly maxTotalSteps?: number;
  /** Whether a run still shows the failure (its findings in order). Default: a finding of kind `kind` among them. */
  readonly accepts?: (result: RunResult) => boolean;
  /**
   * Asked before each run: resolves true to stop shrinking there and keep the
   * best schedule so far (the exploration's time budget is spent), rejects to
   * abandon it (the exploration was aborted).
   */
  readonly beforeRun?: () => Promise<boolean>;
}

/** Runs left and made, steps left, and whether `beforeRun` stopped the search. */
interface Budget {
  left: number;
  runs: number;
  steps: number;
  stopped: boolean;
}

/**
 * The shrunk schedule and the runs spent.
 *
 * @example
 * ```ts
 * const { result, preemptions, runs } = await shrinkSchedule(input);
 * ```
 */
export interface Shrunk extends Attempt {
  readonly runs: number;
  /** `beforeRun` stopped the search before its own end. */
  readonly stopped: boolean;
}

/**
 * Shrinks a failing schedule.
 *
 * @example
 * ```ts
 * const shrunk = await shrinkSchedule({ engine, program, kind: 'deadlock', start, runOptions });
 * shrunk.preemptions <= start.preemptions; // always
 * ```
 */
export async function shrinkSchedule<P>(input: ShrinkInput<P>): Promise<Shrunk> {
  const budget: Budget = { left: input.maxRuns ?? 200, runs: 0, steps: input.maxTotalSteps ?? 5_000_000, stopped: false };
  let best = await greedy(input, input.start, budget);
  // Iterative context bounding (CHESS): the fewest preemptions any failing schedule
  // needs, searched with a preemption-bounded exhaustive search per bound.
  for (let bound = 0; bound < best.preemptions && budget.left > 0 && budget.steps > 0; bound++) {
    const found = await boundedSearch(input, bound, best, budget);
    if (found !== undefined) {
      best = await greedy(input, found, budget);
      break;
    }
  }
  return new ShrunkAttempt(best, budget.runs, budget.stopped);
}

/** Takes one run from the budget, if there is one left and `beforeRun` lets it start. */
async function takeRun<P>(input: ShrinkInput<P>, budget: Budget): Promise<boolean> {
  if (budget.left <= 0 || budget.steps <= 0) return false;
  if (input.beforeRun !== undefined && (await input.beforeRun())) {
    budget.left = 0;
    budget.stopped = true;
    return false;
  }
  budget.left--;
  budget.runs++;
  return true;
}

/** Runs at most this many schedules per preemption bound. */
const RUNS_PER_BOUND = 40;

async function greedy<P>(input: ShrinkInput<P>, start: Attempt, budget: Budget): Promise<Attempt> {
  let best = start;
  let improved = true;
  while (improved && budget.left > 0 && budget.steps > 0) {
    improved = false;
    for (const prefs of moves(best.log)) {
      if (!(await takeRun(input, budget))) break;
      const attempt = await tryPreferences(input, prefs, budget);
      if (attempt !== undefined && better(attempt, best)) {
        best = attempt;
        improved = true;
        break;
      }
    }
  }
  return best;
}

async function boundedSearch<P>(input: ShrinkInput<P>, bound: number, best: Attempt, budget: Budget): Promise<Attempt | undefined> {
  const strategy = exhaustiveStrategy({ schedules: RUNS_PER_BOUND, maxPreemptions: bound });
  for (let index = 0; index < RUNS_PER_BOUND && !strategy.exhausted; index++) {
    const recorder = new Recorder({ trace: true });
    const ctx = { index, seed: `shrink:${bound}:${index}`, recorder };
    const scheduler = strategy.next(ctx);
    if (scheduler === undefined) return undefined;
    if (!(await takeRun(input, budget))) return undefined;
    const result = await input.engine.run(input.program, input.runOptions(recorder.wrap(scheduler), recorder));
    budget.steps -= result.steps;
    strategy.report(result, ctx);
    if (!accepted(input, result)) {
      recorder.log.release();
      continue;
    }
    const attempt = measure(result, recorder);
    if (better(attempt, best)) return attempt;
  }
  return undefined;
}

/**
 * Measures a run for shrinking.
 *
 * @example
 * ```ts
 * const a = measure(result, recorder);
 * ```
 */
export function measure(result: RunResult, rec: Recorder): Attempt {
  return new Measured(result, rec.log, result.steps, rec.log.preemptions(), rec.log.choiceSum());
}

function better(a: Attempt, b: Attempt): boolean {
  if (a.preemptions > b.preemptions || a.steps > b.steps) return false;
  if (a.preemptions !== b.preemptions) return true;
  if (a.steps !== b.steps) return true;
  return a.choiceSum < b.choiceSum;
}

/**
 * Runs the schedule `prefs` give (the guided scheduler, recorded): the shrinker's
 * candidates, and a failure's other answers (./difference.ts).
 *
 * @example
 * ```ts
 * const { result, rec } = await runGuided(input, { at: (i) => answered(log, i) });
 * ```
 */
export async function runGuided<P>(
  input: Pick<ShrinkInput<P>, 'engine' | 'program' | 'runOptions'>, prefs: PreferenceSource,
): Promise<{ result: RunResult; rec: Recorder }> {
  const rec = new Recorder();
  const result = await input.engine.run(input.program, input.runOptions(rec.wrap(guidedScheduler(prefs)), rec));
  return { result, rec };
}

async function tryPreferences<P>(input: ShrinkInput<P>, prefs: PreferenceSource, budget: Budget): Promise<Attempt | undefined> {
  const { result, rec } = await runGuided(input, prefs);
  budget.steps -= result.steps;
  if (!accepted(input, result)) {
    rec.log.release();
    return undefined;
  }
  return measure(result, rec);
}

function accepted<P>(input: ShrinkInput<P>, result: RunResult): boolean {
  return input.accepts === undefined ? result.findings.some((f) => f.kind === input.kind) : input.accepts(result);
}
