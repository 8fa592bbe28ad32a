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
 */
import { coreEngine, type Engine, type EngineOptions, type Finding, type Monitor, type Program, type RunResult, type Scheduler } from './core.ts';
import { loadRaceDetector } from './race.ts';
import { formatInterleaving, StepLog } from './report.ts';
import { measure, shrinkSchedule, type Attempt } from './shrink.ts';
import { strategies } from './strategies/index.ts';
import type { Strategy } from './strategies/types.ts';
import { encodeToken } from './token.ts';
import { Recorder } from './trace/recorder.ts';
import type { ExploreOptions, ExploreResult, ExploreStats, Failure } from './types.ts';

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
 * ```
 */
export function explore(program: Program, options: ExploreOptions = {}): Promise<ExploreResult> {
  return exploreWith(coreEngine(), program, options);
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
 * {@link explore} with another engine (a simulated runtime in tests).
 *
 * @example
 * ```ts
 * await exploreWith(coreEngine(), program, { strategy: 'exhaustive' });
 * ```
 */
export async function exploreWith<P>(engine: Engine<P>, program: P, options: ExploreOptions = {}): Promise<ExploreResult> {
  const o = resolve(options, options.race === true ? await loadRaceDetector() : undefined);
  const strategy = makeStrategy(options, o.schedules);
  const monitorsFor = (recorder: Monitor): Monitor[] => (o.makeRace === undefined ? [recorder] : [recorder, o.makeRace()]);
  const started = performance.now();
  const states = new Set<number>();
  const classes = new Set<number>();
  const failures: Failure[] = [];
  const reported = new Set<string>();
  let schedules = 0;
  let failing = 0;
  for (let index = 0; index < o.schedules && !strategy.exhausted; index++) {
    if (o.timeBudgetMs !== undefined && performance.now() - started >= o.timeBudgetMs) break;
    // Core keeps a finished run reachable until its watchdog (a macrotask) runs: let
    // those run now and then, or a long exploration fills the heap.
    if (index % 64 === 63) await new Promise<void>((resolve) => setImmediate(resolve));
    const seed = `${o.seed}:${index}`;
    const recorder = new Recorder({ trace: strategy.wantsTrace?.(index) ?? false });
    const ctx = { index, seed, recorder };
    const scheduler = strategy.next(ctx);
    if (scheduler === undefined) break;
    const result = await engine.run(program, { ...o.base, seed, scheduler: recorder.wrap(scheduler), monitors: monitorsFor(recorder) });
    schedules++;
    strategy.report(result, ctx);
    states.add(recorder.stateHash(result));
    classes.add(recorder.classHash());
    if (strategy.nondeterminism !== undefined) {
      failing++;
      failures.push(nondeterminismFailure(strategy.nondeterminism, result, o, index));
      break;
    }
    const finding = result.findings[0];
    if (result.ok || finding === undefined) continue;
    failing++;
    const key = `${finding.kind}\u0000${finding.message}`;
    if (!reported.has(key)) {
      reported.add(key);
      const start = measure(result, recorder);
      failures.push(await buildFailure(engine, program, o, finding, start, index, monitorsFor));
    }
    if (o.stopOnFirstFailure) break;
  }
  const elapsedMs = performance.now() - started;
  const stats = makeStats(states.size, classes.size, failing, strategy.stats?.() ?? {}, schedules, elapsedMs);
  const result: ExploreResult = { ok: failures.length === 0, schedules, exhausted: strategy.exhausted, stats };
  if (failures[0] !== undefined) result.failure = failures[0];
  if (!o.stopOnFirstFailure) result.failures = failures;
  return result;
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

async function buildFailure<P>(
  engine: Engine<P>, program: P, o: Resolved, finding: Finding, start: Attempt, index: number,
  monitorsFor: (recorder: Monitor) => Monitor[],
): Promise<Failure> {
  const runOptions = (scheduler: Scheduler, recorder: Recorder): EngineOptions =>
    ({ ...o.base, seed: `${o.seed}:${index}`, scheduler, monitors: monitorsFor(recorder) });
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

function nondeterminismFailure(message: string, result: RunResult, o: Resolved, index: number): Failure {
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
