/**
 * One case of an interleave property: runs a program under a {@link Schedule}
 * with the detectors the options ask for, and measures the run (preemptions,
 * steps), its replay token and, when it fails, its interleaving (logged during
 * the re-run with source locations that core makes of every failing run, so
 * it costs no run of its own). Used by `interleaveProperty` for every case
 * fast-check tries, and by users who want to run a counterexample by hand.
 *
 * Invariant: the same program, schedule and options give the same result
 * (core's seed is fixed; every decision comes from the schedule).
 */
import { coreEngine, type EngineOptions, type Program, type RunResult } from '../core.ts';
import { loadDetectorFactories } from '../race.ts';
import { formatInterleaving, StepLog } from '../report.ts';
import { encodeToken } from '../token.ts';
import { Recorder } from '../trace/recorder.ts';
import type { Schedule } from './schedule.ts';
import { scheduleScheduler } from './scheduler.ts';

/**
 * Detector and run options of a scheduled run (the same meanings as `explore`'s).
 *
 * @example
 * ```ts
 * const o: ScheduleRunOptions = { race: true, maxSteps: 10_000 };
 * ```
 */
export interface ScheduleRunOptions {
  /** Run every detector of @interleave/race-detector (races, lock order, recursive locking, lock and channel cycles). Default false. */
  race?: boolean;
  /** Report goroutines still blocked when main returns. Default true. */
  leaks?: boolean;
  /** Step limit of each run (core's default when absent). */
  maxSteps?: number;
  /** Goroutine names or creation sites that may outlive main. */
  ignoreLeaks?: string[];
  /** Path prefix stripped from source locations in reports. */
  root?: string;
}

/**
 * A scheduled run and its measures.
 *
 * @example
 * ```ts
 * const { result, replay, preemptions } = await runSchedule(program, schedule({ at: 2, pick: 1 }));
 * ```
 */
export interface ScheduledRun {
  readonly result: RunResult;
  /** The explorer's replay token of this run (core's schedule plus option flags). */
  readonly replay: string;
  /** Times a runnable current goroutine was switched away from. */
  readonly preemptions: number;
  /** The steps of a failing run (goroutine, operation, location), `*` marking preemptions; '' when it passed. */
  readonly interleaving: string;
}

/**
 * Runs `program` once under `schedule`.
 *
 * @example
 * ```ts
 * const run = await runSchedule(build(100, 51), schedule({ at: 2, pick: 1 }));
 * run.result.ok; // false: the finding fast-check shrank to
 * ```
 */
export async function runSchedule(program: Program, schedule: Schedule, options: ScheduleRunOptions = {}): Promise<ScheduledRun> {
  const race = options.race ?? false;
  const leaks = options.leaks ?? true;
  const recorder = new Recorder();
  // Every monitor a factory: core's located re-run of a failing run gets its own
  // detectors and log, and the recorder (it measures the first run, whose
  // scheduler it wraps) a throwaway. Core adds the first run's detector findings
  // again when any monitor is an instance.
  let log: StepLog | undefined;
  let runs = 0;
  const monitors: NonNullable<EngineOptions['monitors']> = [() => (runs++ === 0 ? recorder : new Recorder()), () => (log = new StepLog())];
  if (race) monitors.push(...(await loadDetectorFactories()));
  const runOptions: EngineOptions = { seed: 0, scheduler: recorder.wrap(scheduleScheduler(schedule)), monitors, leaks };
  if (options.maxSteps !== undefined) runOptions.maxSteps = options.maxSteps;
  if (options.ignoreLeaks !== undefined) runOptions.ignoreLeaks = options.ignoreLeaks;
  if (options.root !== undefined) runOptions.root = options.root;
  const result = await coreEngine().run(program, runOptions);
  const replay = encodeToken({ core: result.schedule, race, leaks, maxSteps: options.maxSteps });
  const preemptions = recorder.preemptions();
  return { result, replay, preemptions, interleaving: result.ok || log === undefined ? '' : formatInterleaving(log, recorder.log.preemptingSteps(), preemptions) };
}
