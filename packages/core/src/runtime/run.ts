/**
 * `run`: one execution of a program.
 *
 * The fast path captures no source locations. When the run ends with findings,
 * it is replayed once with locations on (same decisions, so the same execution)
 * and the report text comes from that replay. A replay that does not reproduce
 * the run means the program itself is nondeterministic (it read a real clock,
 * `Math.random`, or state shared between runs), and that is reported too.
 */
import { Runtime, findingOriginsOf, needsTracking, stuckChecksOf } from './runtime.ts';
import { RandomScheduler } from './random-scheduler.ts';
import { setLocationRoot } from './location.ts';
import { UsageError } from './errors.ts';
import { checkDuration, checkInteger, show } from './validate.ts';
import { missedPlan, sitePlanOf, type SitePlan } from './site-plan.ts';
import { stallStepOf } from './await-site.ts';
import type { Decision, Monitor, Program, RunInfo, RunOptions, RunResult, Scheduler } from './types.ts';

/** A monitor, or a factory that makes a fresh one for every execution (needed to see the located re-run). */
export type MonitorOption = Monitor | (() => Monitor);

/** `RunOptions` as `run` accepts them: monitors may be factories. */
export interface RunOptionsWithFactories extends Omit<RunOptions, 'monitors' | 'locations'> {
  monitors?: MonitorOption[];
  /** true: always; false: never; 'on-failure' (default): re-run a failing schedule with locations for its report. */
  locations?: boolean | 'on-failure';
}

const DEFAULT_MAX_STEPS = 1_000_000;
const DEFAULT_TIMER_WINDOW_MS = 1;
const NO_MONITORS: readonly MonitorOption[] = [];
const NO_IGNORED: readonly string[] = [];

/**
 * Runs `program` once as the main goroutine and reports what happened.
 *
 * @example
 * ```ts
 * import { run, go, chan } from '@interleave/core';
 * const result = await run(async () => {
 *   const ch = chan<number>();
 *   go(async () => { await ch.send(42); });
 *   console.log(await ch.recv()); // 42
 * }, { seed: 1 });
 * result.ok; // true
 * ```
 */
export async function run(program: Program, options: RunOptionsWithFactories = {}): Promise<RunResult> {
  checkOptions(options);
  const mode = options.locations ?? 'on-failure';
  const first = mode === true ? await locatedRun(program, options, false, undefined, planFor(options), stallFor(options)) : await execute(program, options, false, false);
  if (mode !== 'on-failure' || first.ok) return first;
  // A token that did not fit: its own schedule (the decisions taken before the misfit) cannot show that again.
  if (options.replay !== undefined && first.findings.some((f) => f.kind === 'nondeterminism')) return first;
  // The same decisions and the same stuck checks: the same execution, with locations.
  // A replay of the user's token replays it again, so that a token that does not fit is
  // described against the token itself, not against the decisions taken before it failed.
  const replayed = options.replay ?? first.schedule;
  const located = await locatedRun(program, { ...options, replay: replayed }, true, stuckChecksOf(first), sitePlanOf(first), stallStepOf(first));
  // A foreign await is timing by nature: when the re-run's foreign promise settled before the
  // runtime looked, the re-run went on. The first run's finding stands, without locations, and says so.
  if (stallStepOf(first) !== undefined && stallStepOf(located) === undefined) {
    const note = '\n(The re-run that adds source locations did not stall: its foreign promise settled before the runtime looked, which shows the run depends on the outside world.)\n';
    return { ...first, findings: first.findings.map((f, i) => (i === first.findings.length - 1 && f.kind === 'nondeterminism' ? { ...f, text: `${f.text}${note}` } : f)) };
  }
  const firstDiverged = first.findings.some((f) => f.kind === 'nondeterminism');
  const diverged =
    located.findings.find((f) => f.kind === 'nondeterminism' && !firstDiverged) ??
    (located.ok ? { kind: 'nondeterminism' as const, message: 'its replay ended without findings', text: '', goroutines: [] } : undefined);
  if (diverged) {
    return {
      ...first,
      ok: false,
      findings: [
        ...first.findings,
        {
          ...diverged,
          message: `the program is nondeterministic: replaying its own schedule diverged (${diverged.message})`,
          text: `the program is nondeterministic: replaying its own schedule diverged\n\n${diverged.text}\nA program must create all of its state inside itself and must not read real clocks, Math.random or I/O.\n`,
        },
      ],
    };
  }
  const instanceFindings = collectInstanceFindings(options, first);
  // In the order they happened (a stable sort; a monitor's finding made during a step before the runtime's at its end).
  const findings = [...instanceFindings, ...located.findings].sort((a, b) => (a.step ?? Number.MAX_SAFE_INTEGER) - (b.step ?? Number.MAX_SAFE_INTEGER));
  return { ...located, findings, ok: located.ok && instanceFindings.length === 0, schedule: first.schedule };
}

/** Rejects options no run can honour (a NaN window, a negative step limit, a token that is no string) before it starts. */
function checkOptions(o: RunOptionsWithFactories): void {
  const call = 'run(program, options)';
  if (o.maxSteps !== undefined && o.maxSteps !== Infinity) checkInteger(call, 'options.maxSteps', o.maxSteps, 1);
  if (o.timerWindowMs !== undefined) checkDuration(call, 'options.timerWindowMs', o.timerWindowMs);
  if (o.followPromises !== undefined && typeof o.followPromises !== 'boolean') {
    throw new UsageError(`${call}: options.followPromises must be true or false, got ${show(o.followPromises)}`);
  }
  if (o.replay !== undefined && typeof o.replay !== 'string') {
    throw new UsageError(`${call}: options.replay must be a replay token (a string "il1.…"), got ${show(o.replay)}`);
  }
}

/**
 * The plan of `options.locationsFor`, when this run replays it and may run twice
 * (every monitor a factory: a plan that misses means a second execution).
 */
function planFor(options: RunOptionsWithFactories): SitePlan | undefined {
  const from = options.locationsFor;
  if (from === undefined || options.replay !== from.schedule) return undefined;
  if (options.monitors?.some((m) => typeof m !== 'function')) return undefined;
  return sitePlanOf(from);
}

/** A run with locations on, capturing only where `plan` says; again everywhere when the plan did not fit. */
/** The step in which the run a located re-run replays stalled on a foreign promise, if it did (await-site.ts). */
function stallFor(options: RunOptionsWithFactories): number | undefined {
  const from = options.locationsFor;
  return from === undefined || options.replay !== from.schedule ? undefined : stallStepOf(from);
}

async function locatedRun(
  program: Program, options: RunOptionsWithFactories, rerun: boolean, stuckChecksAt: readonly number[] | undefined, plan: SitePlan | undefined,
  stall: number | undefined,
): Promise<RunResult> {
  const result = await execute(program, options, true, rerun, stuckChecksAt, plan, stall);
  return plan !== undefined && missedPlan(result) ? execute(program, options, true, rerun, stuckChecksAt, undefined, stall) : result;
}

/**
 * Findings of monitors given as instances: they saw only the first execution, so
 * their findings come from it (those of factories' monitors come from the re-run).
 */
function collectInstanceFindings(options: RunOptionsWithFactories, first: RunResult): RunResult['findings'] {
  const instances = new Set<MonitorOption>((options.monitors ?? []).filter((m) => typeof m !== 'function'));
  if (instances.size === 0) return [];
  const origins = findingOriginsOf(first);
  return first.findings.filter((f) => {
    const m = origins.get(f);
    return m !== undefined && instances.has(m);
  });
}

/**
 * Whether `result`'s run ended because a goroutine awaited a plain promise while the run
 * did not follow promises (`followPromises: false`): its last finding is then the
 * foreign-await one, and the same run with `followPromises` left out or `true` would
 * have gone on. A run with the default options never returns such a result (it starts
 * over, following).
 *
 * @example
 * ```ts
 * const r = await run(program, { followPromises: false });
 * if (awaitedPlainPromise(r)) console.log('it awaits plain promises: run it with followPromises');
 * ```
 */
export function awaitedPlainPromise(result: RunResult): boolean {
  return needsTracking(result);
}

/** Programs a run of which awaited a plain promise: their runs follow promises from the start (`RunOptions.followPromises`). */
const followers = new WeakSet<Program>();

/**
 * One execution. A run that does not follow promises and awaits a plain one is made
 * again from its start, following them (`RunOptions.followPromises`): the same
 * decisions up to that await, answered as they were the first time.
 */
async function execute(
  program: Program, options: RunOptionsWithFactories, locations: boolean, rerun: boolean, stuckChecksAt?: readonly number[], sitePlan?: SitePlan,
  watchAwaitsFrom?: number,
): Promise<RunResult> {
  const follow = options.followPromises;
  const again = (tracked: boolean, scheduler?: Scheduler): Promise<RunResult> =>
    startRuntime(program, options, locations, rerun, tracked, scheduler, stuckChecksAt, sitePlan, watchAwaitsFrom);
  if (follow === false) return again(false);
  if (follow === true || followers.has(program)) return again(true);
  const own = rerun || options.scheduler === undefined ? undefined : new StartOver(options.scheduler);
  const first = await again(false, own);
  if (!needsTracking(first)) return first;
  followers.add(program);
  own?.startOver();
  return again(true, own);
}

/**
 * A scheduler given as an object, for a run that may start over: the second time its
 * first decisions are answered as they were, without asking it again, so that it
 * sees one run (one `startRun`, each decision once, one `endRun`).
 */
class StartOver implements Scheduler {
  private readonly answers: number[] = [];
  private replaying = false;

  constructor(private readonly inner: Scheduler) {}

  startOver(): void {
    this.replaying = true;
  }

  startRun(info: RunInfo): void {
    if (!this.replaying) this.inner.startRun?.(info);
  }

  choose(d: Decision): number {
    if (this.replaying && d.index < this.answers.length) return this.answers[d.index]!;
    const choice = this.inner.choose(d);
    if (!this.replaying) this.answers.push(choice);
    return choice;
  }

  endRun(result: RunResult): void {
    if (this.replaying || !needsTracking(result)) this.inner.endRun?.(result);
  }
}

function startRuntime(
  program: Program, options: RunOptionsWithFactories, locations: boolean, rerun: boolean, tracked: boolean, scheduler: Scheduler | undefined,
  stuckChecksAt?: readonly number[], sitePlan?: SitePlan, watchAwaitsFrom?: number,
): Promise<RunResult> {
  if (options.root) setLocationRoot(options.root);
  const monitors: Monitor[] = [];
  for (const m of options.monitors ?? NO_MONITORS) {
    if (typeof m === 'function') monitors.push(m());
    else if (!rerun) monitors.push(m);
  }
  const seed = options.seed ?? 0;
  const rt = new Runtime({
    seed,
    scheduler: rerun || !options.scheduler ? new RandomScheduler(seed) : (scheduler ?? options.scheduler),
    monitors,
    maxSteps: options.maxSteps ?? DEFAULT_MAX_STEPS,
    locations,
    leaks: options.leaks ?? true,
    replay: options.replay,
    ignoreLeaks: options.ignoreLeaks ?? NO_IGNORED,
    timerWindowMs: Math.max(0, options.timerWindowMs ?? DEFAULT_TIMER_WINDOW_MS),
    stuckChecksAt,
    sitePlan,
    watchAwaitsFrom,
    tracked,
  });
  return rt.start(program);
}
