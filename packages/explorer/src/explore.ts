/**
 * `explore`: runs a program under many schedules chosen by a strategy, with the
 * detectors wired in, and returns the first failure (or all of them) with a
 * shrunk schedule, its replay token and its interleaving.
 *
 * Determinism: schedule `i` is driven by the strategy from the seed
 * `${seed}:${i}` and the results of schedules 0..i-1 only, and shrinking uses a
 * fixed number of runs, so the same program, options and seed give the same
 * result, byte for byte, in any process. `timeBudgetMs` is the only use of the
 * wall clock: it can only end the exploration before a schedule starts, so for
 * the schedules that did run, the failure reported is the one an unlimited
 * exploration reports.
 *
 * Worker threads (`workers` > 1, see ./workers/): schedules run in workers that
 * load the program from `programModule`; their summaries are taken in index
 * order and counted, deduped and shrunk here exactly as the in-process loop
 * does, so the result does not depend on the number of workers.
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { coreEngine, type Engine, type EngineOptions, type Finding, type Monitor, type Program, type RunResult, type Scheduler } from './core.ts';
import { loadRaceDetector } from './race.ts';
import { formatInterleaving, StepLog } from './report.ts';
import { measure, shrinkSchedule, type Attempt } from './shrink.ts';
import { strategies } from './strategies/index.ts';
import type { Strategy } from './strategies/types.ts';
import { encodeToken } from './token.ts';
import { Recorder } from './trace/recorder.ts';
import type { ExploreOptions, ExploreResult, ExploreStats, Failure, ProgramModule } from './types.ts';
import { Coordinator } from './workers/coordinator.ts';
import type { Plan } from './workers/plan.ts';
import { answerScheduler, monitorsFor, runSchedule, type RunSetup, type ScheduleItem } from './workers/schedule.ts';

/**
 * Default budget of executions.
 *
 * @example
 * ```ts
 * (await explore(program)).schedules <= DEFAULT_SCHEDULES; // true
 * ```
 */
export const DEFAULT_SCHEDULES = 1000;

/**
 * Runs `program` under many schedules.
 *
 * @example
 * ```ts
 * const result = await explore(async () => {
 *   const n = shared(0);
 *   const wg = new WaitGroup();
 *   for (let i = 0; i < 2; i++) wg.go(async () => { const v = n.value; await gosched(); n.value = v + 1; });
 *   await wg.wait();
 *   if (n.value !== 2) throw new Error('lost update');
 * });
 * result.failure?.replay; // 'il1:...'
 *
 * // The same result, from two worker threads that load the program themselves:
 * await explore(lostUpdate, { workers: 2, programModule: { module: new URL('./programs.ts', import.meta.url), export: 'lostUpdate' } });
 * ```
 */
export async function explore(program: Program, options: ExploreOptions = {}): Promise<ExploreResult> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  if (workers === 1) return exploreWith(coreEngine(), program, options);
  if (options.programModule === undefined) {
    throw new TypeError(
      'explore({ workers > 1 }) needs programModule: worker threads cannot receive a function, they import it. ' +
      "Export the program from a module without side effects and pass { programModule: { module: new URL('./programs.ts', import.meta.url), export: 'program' } }",
    );
  }
  const plan = planOf(options);
  if (plan === undefined) return exploreWith(coreEngine(), program, options);
  const result = await exploreInWorkers(program, options, options.programModule, plan, workers);
  options.onProgress?.({ schedules: result.schedules, failures: result.failures?.length ?? (result.failure ? 1 : 0) });
  return result;
}

/** Options after defaults. */
interface Resolved {
  readonly schedules: number;
  readonly seed: string;
  readonly race: boolean;
  readonly leaks: boolean;
  readonly stopOnFirstFailure: boolean;
  readonly shrink: boolean;
  readonly timeBudgetMs: number | undefined;
  /** Options of every run of the exploration (locations off: reports come from one located replay). */
  readonly base: EngineOptions;
  readonly maxSteps: number | undefined;
  readonly makeRace: (() => Monitor) | undefined;
}

/**
 * {@link explore} with another engine (a simulated runtime in tests). Always
 * runs in this thread (`workers` is not looked at).
 *
 * @example
 * ```ts
 * await exploreWith(coreEngine(), program, { strategy: 'exhaustive' });
 * ```
 */
export async function exploreWith<P>(engine: Engine<P>, program: P, options: ExploreOptions = {}): Promise<ExploreResult> {
  const o = resolve(options, options.race === true ? await loadRaceDetector() : undefined);
  const strategy = makeStrategy(options, o.schedules);
  const setup: RunSetup<P> = { engine, program, base: o.base, makeRace: o.makeRace, seed: o.seed };
  const started = performance.now();
  const tally = new Tally();
  for (let index = 0; index < o.schedules && !strategy.exhausted; index++) {
    if (o.timeBudgetMs !== undefined && performance.now() - started >= o.timeBudgetMs) break;
    // Runs proceed in microtasks only: yield to the event loop now and then, so that
    // progress is reported, the host's timers run and core's watchdog is re-armed.
    if (index % 256 === 255) {
      options.onProgress?.({ schedules: index, failures: tally.failures.length });
      await tick();
    }
    const ran = await runSchedule(setup, strategy, index);
    if (ran === undefined) break;
    const { result, recorder } = ran;
    tally.count(recorder.stateHash(result), recorder.classHash());
    if (strategy.nondeterminism !== undefined) {
      tally.diverged(nondeterminismFailure(strategy.nondeterminism, result, o, index));
      break;
    }
    const finding = result.findings[0];
    if (result.ok || finding === undefined) continue;
    if (tally.fails(finding)) tally.failures.push(await buildFailure(setup, o, finding, measure(result, recorder), index));
    if (o.stopOnFirstFailure) break;
  }
  const result = tally.result(o, strategy.exhausted, strategy.stats?.() ?? {}, performance.now() - started);
  options.onProgress?.({ schedules: result.schedules, failures: tally.failures.length });
  return result;
}

/**
 * The built-in strategy as it splits over workers, or undefined when it runs in
 * this thread: exhaustive search (every run depends on all before it), custom
 * strategy objects (they cannot be sent), an empty budget.
 */
function planOf(options: ExploreOptions): Plan | undefined {
  const s = options.strategy ?? 'portfolio';
  if (s !== 'random' && s !== 'pct' && s !== 'portfolio') return undefined;
  const schedules = options.schedules ?? DEFAULT_SCHEDULES;
  if (!Number.isInteger(schedules) || schedules <= 0) return undefined;
  return { kind: s, options: { schedules, maxPreemptions: options.maxPreemptions, pctDepth: options.pctDepth, por: options.por } };
}

/** A file URL for a program module given as a URL, a file URL or a path. */
function moduleUrl(m: ProgramModule): string {
  if (m.module instanceof URL) return m.module.href;
  if (/^[a-z][a-z0-9+.-]+:/i.test(m.module) && !isAbsolute(m.module)) return m.module;
  return pathToFileURL(resolvePath(m.module)).href;
}

/** {@link explore} with `workers` > 1 threads running the schedules (see ./workers/coordinator.ts). */
async function exploreInWorkers(program: Program, options: ExploreOptions, m: ProgramModule, plan: Plan, workers: number): Promise<ExploreResult> {
  const o = resolve(options, options.race === true ? await loadRaceDetector() : undefined);
  const setup: RunSetup<Program> = { engine: coreEngine(), program, base: o.base, makeRace: o.makeRace, seed: o.seed };
  const started = performance.now();
  const coordinator = new Coordinator({
    workers,
    init: {
      moduleUrl: moduleUrl(m), exportName: m.export ?? 'default', plan, base: o.base, race: o.race, seed: o.seed,
      stopOnFirstFailure: o.stopOnFirstFailure,
      deadline: o.timeBudgetMs === undefined ? undefined : performance.timeOrigin + started + o.timeBudgetMs,
    },
  });
  const tally = new Tally();
  for await (const item of coordinator.items()) {
    tally.count(item.state, item.cls);
    const nd = item.nondeterminism;
    if (nd !== undefined) {
      tally.diverged(nondeterminismFailure(nd.message, nd, o, item.index));
      break;
    }
    const f = item.failure;
    if (f === undefined) continue;
    if (tally.fails(f)) {
      const again = await runAgain(setup, item.index, f);
      tally.failures.push(await buildFailure(setup, o, again.finding, again.start, item.index));
    }
    if (o.stopOnFirstFailure) break;
  }
  return tally.result(o, coordinator.exhausted, coordinator.strategyStats(), performance.now() - started);
}

/** Runs a schedule a worker found failing again, here, with its answers: the start of shrinking. */
async function runAgain(setup: RunSetup<Program>, index: number, f: NonNullable<ScheduleItem['failure']>): Promise<{ finding: Finding; start: Attempt }> {
  const recorder = new Recorder();
  const result = await setup.engine.run(setup.program, {
    ...setup.base, seed: `${setup.seed}:${index}`, scheduler: recorder.wrap(answerScheduler(f.answers)), monitors: monitorsFor(setup, recorder),
  });
  const finding = result.findings[0];
  if (result.ok || finding === undefined || finding.kind !== f.kind || finding.message !== f.message) {
    const here = finding === undefined ? 'no finding' : `${finding.kind}: ${finding.message}`;
    throw new Error(
      `schedule ${index + 1}: a worker found "${f.kind}: ${f.message}", but the same decisions in this thread give ${here}. ` +
      'The program passed to explore and the export named by programModule must be the same program ' +
      '(and a program must not keep state between runs).',
    );
  }
  return { finding, start: measure(result, recorder) };
}

/** What an exploration counts, whichever thread ran the schedules. */
class Tally {
  schedules = 0;
  failing = 0;
  readonly failures: Failure[] = [];
  private readonly states = new Set<number>();
  private readonly classes = new Set<number>();
  private readonly reported = new Set<string>();

  /** A schedule ran. */
  count(state: number, cls: number): void {
    this.schedules++;
    this.states.add(state);
    this.classes.add(cls);
  }

  /** The program diverged under the same decisions: the exploration ends with this failure. */
  diverged(failure: Failure): void {
    this.failing++;
    this.failures.push(failure);
  }

  /** A schedule failed with `finding`: true when its (kind, message) is new (build its failure). */
  fails(finding: { kind: string; message: string }): boolean {
    this.failing++;
    const key = `${finding.kind}\u0000${finding.message}`;
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  result(o: Resolved, exhausted: boolean, strategy: Readonly<Record<string, number>>, elapsedMs: number): ExploreResult {
    const stats = makeStats(this.states.size, this.classes.size, this.failing, strategy, this.schedules, elapsedMs);
    const result: ExploreResult = { ok: this.failures.length === 0, schedules: this.schedules, exhausted, stats };
    if (this.failures[0] !== undefined) result.failure = this.failures[0];
    if (!o.stopOnFirstFailure) result.failures = this.failures;
    return result;
  }
}

function resolve(options: ExploreOptions, makeRace: (() => Monitor) | undefined): Resolved {
  const schedules = options.schedules ?? DEFAULT_SCHEDULES;
  if (!Number.isInteger(schedules) || schedules < 0) throw new RangeError(`schedules must be a non-negative integer, got ${schedules}`);
  const base: EngineOptions = { leaks: options.leaks ?? true, locations: false };
  if (options.maxSteps !== undefined) base.maxSteps = options.maxSteps;
  if (options.ignoreLeaks !== undefined) base.ignoreLeaks = options.ignoreLeaks;
  if (options.root !== undefined) base.root = options.root;
  return {
    schedules, seed: String(options.seed ?? 0), race: options.race ?? false, leaks: options.leaks ?? true,
    stopOnFirstFailure: options.stopOnFirstFailure ?? true, shrink: options.shrink ?? true,
    timeBudgetMs: options.timeBudgetMs, base, maxSteps: options.maxSteps, makeRace,
  };
}

function makeStrategy(options: ExploreOptions, schedules: number): Strategy {
  const s = options.strategy ?? 'portfolio';
  if (typeof s !== 'string') return s;
  const factory = strategies[s];
  if (factory === undefined) throw new Error(`unknown strategy ${JSON.stringify(s)}: use ${Object.keys(strategies).join(', ')}`);
  return factory({ schedules, maxPreemptions: options.maxPreemptions, pctDepth: options.pctDepth, por: options.por });
}

function tokenOf(o: Resolved, schedule: string): string {
  return encodeToken({ core: schedule, race: o.race, leaks: o.leaks, maxSteps: o.maxSteps });
}

async function buildFailure<P>(setup: RunSetup<P>, o: Resolved, finding: Finding, start: Attempt, index: number): Promise<Failure> {
  const { engine, program } = setup;
  const runOptions = (scheduler: Scheduler, recorder: Recorder): EngineOptions =>
    ({ ...o.base, seed: `${o.seed}:${index}`, scheduler, monitors: monitorsFor(setup, recorder) });
  const best = o.shrink ? await shrinkSchedule({ engine, program, kind: finding.kind, start, runOptions }) : start;
  // One replay with locations on writes the report and logs the interleaving.
  const log = new StepLog();
  const monitors: Monitor[] = o.makeRace === undefined ? [log] : [log, o.makeRace()];
  const located = await engine.run(program, { ...o.base, replay: best.result.schedule, locations: true, monitors });
  const shown = located.findings.find((f) => f.kind === finding.kind) ??
    best.result.findings.find((f) => f.kind === finding.kind) ?? finding;
  const preempting = new Set<number>();
  for (const d of best.decisions) if (d.kind === 'goroutine' && d.currentRunnable && d.gid !== d.current) preempting.add(d.step);
  const interleaving = formatInterleaving(log, preempting, best.preemptions);
  return {
    kind: shown.kind, message: shown.message, text: `${shown.text}\n\n${interleaving}`, goroutines: shown.goroutines,
    replay: tokenOf(o, best.result.schedule), schedule: index + 1, preemptions: best.preemptions, steps: best.steps,
    interleaving, original: { replay: tokenOf(o, start.result.schedule), preemptions: start.preemptions, steps: start.steps },
  };
}

function nondeterminismFailure(message: string, result: Pick<RunResult, 'schedule' | 'steps'>, o: Resolved, index: number): Failure {
  const text = `the program did not repeat itself under the same decisions (${message}).\n` +
    'It depends on something interleave does not control (real timers, I/O, Math.random, state kept between runs).';
  return {
    kind: 'nondeterminism', message, text, goroutines: [], replay: tokenOf(o, result.schedule), schedule: index + 1,
    preemptions: 0, steps: result.steps, interleaving: '',
    original: { replay: tokenOf(o, result.schedule), preemptions: 0, steps: result.steps },
  };
}

function makeStats(
  distinctStates: number, classes: number, failingSchedules: number, strategy: Readonly<Record<string, number>>,
  schedules: number, elapsedMs: number,
): ExploreStats {
  const stats = { distinctStates, classes, failingSchedules, strategy } as ExploreStats;
  Object.defineProperty(stats, 'elapsedMs', { value: elapsedMs, enumerable: false });
  Object.defineProperty(stats, 'schedulesPerSecond', { value: elapsedMs > 0 ? schedules / (elapsedMs / 1000) : 0, enumerable: false });
  return stats;
}
