/**
 * One schedule of an exploration: ask the strategy for a scheduler, run the
 * program under it with the recorder (and the detectors) as monitors, tell
 * the strategy the result. `explore`'s own loop and the worker threads both run
 * schedules through {@link runSchedule}, so a schedule run in a worker is the
 * schedule the in-process loop would have run, decision for decision.
 *
 * Also: the summary of a schedule that crosses threads ({@link ScheduleItem}),
 * and the scheduler that repeats a schedule's answers ({@link answerScheduler}).
 *
 * Invariant: nothing here reads the wall clock or state kept between calls.
 */
import type { Engine, EngineOptions, Finding, FindingKind, Monitor, RunResult, Scheduler } from '../core.ts';
import { awaitedPlainPromise } from '../core.ts';
import type { ScheduleContext, Strategy } from '../strategies/types.ts';
import { Recorder } from '../trace/recorder.ts';

/**
 * What every schedule of one exploration shares.
 *
 * @example
 * ```ts
 * const setup: RunSetup<Program> = { engine: coreEngine(), program, base: { leaks: true, locations: false }, detectors: undefined, seed: '0' };
 * ```
 */
export interface RunSetup<P> {
  readonly engine: Engine<P>;
  readonly program: P;
  /** Options of every run (locations off). */
  readonly base: EngineOptions;
  /** Fresh monitors of every detector, when `race: true`. */
  readonly detectors: (() => Monitor[]) | undefined;
  /** The exploration's seed; schedule `i` uses `${seed}:${i}`. */
  readonly seed: string;
  /** `sharedState: 'anywhere'`: class hashes take every step as a write of plain state (see `Recorder`). */
  readonly plainState?: boolean;
}

/**
 * A schedule that ran.
 *
 * @example
 * ```ts
 * const ran = await runSchedule(setup, strategy, 0);
 * ran?.recorder.classHash();
 * ```
 */
export interface Ran {
  readonly result: RunResult;
  readonly recorder: Recorder;
  readonly ctx: ScheduleContext;
}

/**
 * The monitors of one run: the recorder, then fresh detectors if any.
 *
 * @example
 * ```ts
 * await engine.run(program, { monitors: monitorsFor(setup, recorder) });
 * ```
 */
export function monitorsFor<P>(setup: RunSetup<P>, recorder: Monitor): Monitor[] {
  return setup.detectors === undefined ? [recorder] : [recorder, ...setup.detectors()];
}

/**
 * Runs schedule `index`: undefined when the strategy has no scheduler left.
 * The strategy has been told the result when this returns; its findings are in
 * the order they happened (core sorts them by step; the detectors stamp theirs).
 *
 * @example
 * ```ts
 * for (let i = 0; i < 100; i++) if ((await runSchedule(setup, strategy, i)) === undefined) break;
 * ```
 */
export async function runSchedule<P>(setup: RunSetup<P>, strategy: Strategy, index: number): Promise<Ran | undefined> {
  const seed = `${setup.seed}:${index}`;
  const recorder = new Recorder({ trace: strategy.wantsTrace?.(index) ?? false, plainState: setup.plainState ?? false });
  const ctx: ScheduleContext = { index, seed, recorder };
  const scheduler = strategy.next(ctx);
  if (scheduler === undefined) return undefined;
  const options: EngineOptions = Object.assign({}, setup.base);
  options.seed = seed;
  options.scheduler = recorder.wrap(scheduler);
  const monitors = monitorsFor(setup, recorder);
  options.monitors = monitors;
  const result = await setup.engine.run(setup.program, options);
  strategy.report(result, ctx);
  return { result, recorder, ctx };
}

/**
 * A schedule's summary as a worker sends it: enough for the statistics, the
 * order of failures, and for the main thread to run a failing schedule again.
 *
 * @example
 * ```ts
 * const item: ScheduleItem = { index: 3, state: 123, cls: 456 };
 * ```
 */
export interface ScheduleItem {
  /** 0-based schedule index. */
  index: number;
  /** `recorder.stateHash(result)`. */
  state: number;
  /** `recorder.classHash()`. */
  cls: number;
  /**
   * A failing run: its earliest finding, every finding in order (kind and
   * message), and every answer the scheduler gave.
   */
  failure?: { kind: FindingKind; message: string; findings: Pick<Finding, 'kind' | 'message'>[]; answers: number[] };
  /** A goroutine awaited a plain promise in a run that did not follow promises (the exploration starts again, following). */
  awaitedPlainPromise?: true;
  /** The strategy saw the program diverge under the same decisions (exhaustive only). */
  nondeterminism?: { message: string; schedule: string; steps: number };
  /** PCT schedules: the estimate k the scheduler was built with, and what it saw (goroutines n, decisions). */
  pct?: { k: number; n: number; steps: number };
  /** The portfolio's exhaustive runs: the search's `exhausted` and `stats()` after this run. */
  exhaustive?: { exhausted: boolean; stats: Readonly<Record<string, number>> };
}

/**
 * The summary of a schedule that ran (`pct` is added by the caller).
 *
 * @example
 * ```ts
 * const item = summarize(ran, strategy.nondeterminism);
 * ```
 */
export function summarize(ran: Ran, nondeterminism: string | undefined): ScheduleItem {
  const { result, recorder, ctx } = ran;
  const item: ScheduleItem = { index: ctx.index, state: recorder.stateHash(result), cls: recorder.classHash() };
  if (awaitedPlainPromise(result)) item.awaitedPlainPromise = true;
  if (nondeterminism !== undefined) {
    item.nondeterminism = { message: nondeterminism, schedule: result.schedule, steps: result.steps };
    return item;
  }
  const finding = result.findings[0];
  if (!result.ok && finding !== undefined) {
    const findings = result.findings.map((f) => ({ kind: f.kind, message: f.message }));
    item.failure = { kind: finding.kind, message: finding.message, findings, answers: recorder.log.answers() };
  }
  return item;
}

/**
 * A scheduler that gives `answers` in order (the run they came from, again).
 *
 * @example
 * ```ts
 * await run(program, { scheduler: answerScheduler(item.failure.answers) });
 * ```
 */
export function answerScheduler(answers: readonly number[]): Scheduler {
  let next = 0;
  return {
    choose(): number {
      const answer = answers[next++];
      if (answer === undefined) throw new Error(`the schedule from the worker ends after ${answers.length} decisions, but this run asks for more`);
      return answer;
    },
  };
}
