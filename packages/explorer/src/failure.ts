/**
 * The failures an exploration reports. A failing schedule is shrunk (see
 * ./shrink.ts), then replayed once with source locations on: that run writes
 * the report and logs the interleaving shown under it, and its findings, in the
 * order they happened, are the failure's `findings`.
 *
 * The exploration's time budget bounds this too: shrinking stops when it is
 * spent (keeping the best schedule so far), and when it is spent before the
 * located re-run, or what is left of it is shorter than that run would likely
 * take ({@link LOCATED_COST} times the plain run: core captures a stack at every
 * step), the failure is reported from the unlocated run, without source
 * locations or interleaving, and its text says so. An abort rejects.
 *
 * Invariant: the failure's finding is the one at the same place in the
 * reported run as the finding it was built for: the first for the earliest
 * finding of a schedule (shrinking keeps it first), else the one with the same
 * kind, message and goroutines.
 */
import type { EngineOptions, Finding, Monitor, RunResult, Scheduler } from './core.ts';
import { findingKey } from './findings/keys.ts';
import type { Limits } from './limits.ts';
import { decisiveChoices } from './difference.ts';
import { formatInterleaving, StepLog } from './report.ts';
import type { Resolved } from './resolve.ts';
import { runGuided, shrinkSchedule, type Attempt } from './shrink.ts';
import { encodeToken } from './token.ts';
import type { Recorder } from './trace/recorder.ts';
import type { Failure } from './types.ts';
import { monitorsFor, type RunSetup } from './workers/schedule.ts';

/**
 * A failure and its finding as reported (the report without the interleaving).
 *
 * @example
 * ```ts
 * const { failure, report } = await buildFailure(setup, o, finding, start, 3, true);
 * ```
 */
export interface Built {
  readonly failure: Failure;
  readonly report: Finding;
}

/**
 * The replay token of a core schedule under the exploration's options.
 *
 * @example
 * ```ts
 * tokenOf(o, result.schedule); // 'il1.…:r' with race: true ('il1.…:ru' with followPromises: false too)
 * ```
 */
export function tokenOf(o: Resolved, schedule: string): string {
  return encodeToken({
    core: schedule, race: o.race, leaks: o.leaks, maxSteps: o.maxSteps, timerWindowMs: o.timerWindowMs,
    followPromises: o.followPromises === false ? false : undefined,
  });
}

/**
 * What the report of a failure says when the time budget ran out before its
 * located re-run.
 *
 * @example
 * ```ts
 * failure.text.includes(UNLOCATED); // the budget ran out before the report was located
 * ```
 */
export const UNLOCATED =
  'interleave: the time budget (timeBudgetMs) ran out before this report was located: it is written ' +
  'from a run without source locations (a panic keeps its own stack) and shows no interleaving. Replay its token to see them.';

/**
 * How many times the plain run of a schedule its located re-run may take
 * (`pnpm bench located-rerun`: with the plain run's plan, about 3x for 15 steps and
 * 1.5x for 30,004; a located run without one captures at every step, up to 100x).
 *
 * @example
 * ```ts
 * if (runMs * LOCATED_COST > limits.left()) console.log('not located');
 * ```
 */
export const LOCATED_COST = 100;

/**
 * Builds the failure of `finding`, found in schedule `index` (`start`: that run,
 * findings in order; `startMs`: how long it took). `first`: it is the earliest
 * finding of its run.
 *
 * @example
 * ```ts
 * const built = await buildFailure(setup, o, result.findings[0], measure(result, recorder), index, true, limits, 0.2);
 * built.failure.findings; // every finding of the reported run, in order
 * ```
 */
export async function buildFailure<P>(
  setup: RunSetup<P>, o: Resolved, finding: Finding, start: Attempt, index: number, first: boolean, limits: Limits, startMs: number,
): Promise<Built> {
  const { engine, program } = setup;
  const key = findingKey(finding);
  const runOptions = (scheduler: Scheduler, recorder: Recorder): EngineOptions =>
    ({ ...o.base, seed: `${o.seed}:${index}`, scheduler, monitors: monitorsFor(setup, recorder) });
  const accepts = first
    ? (r: RunResult): boolean => r.findings[0]?.kind === finding.kind
    : (r: RunResult): boolean => r.findings.some((f) => findingKey(f) === key);
  const beforeRun = (): Promise<boolean> => limits.beforeRun();
  const best = o.shrink && !limits.stop() ? await shrinkSchedule({ engine, program, kind: finding.kind, start, runOptions, accepts, beforeRun }) : start;
  const at = first ? 0 : best.result.findings.findIndex((f) => findingKey(f) === key);
  if (!mayLocate(limits, startMs * (best.steps / Math.max(1, start.steps)))) return unlocated(o, finding, start, best, index, at);
  // One replay with locations on writes the report and logs the interleaving.
  const { result: located, log } = await locateLogged(setup, o, best.result);
  const shown = pick(located.findings, at, finding) ?? pick(best.result.findings, at, finding) ?? finding;
  const all = (located.findings.length > 0 ? located.findings : best.result.findings).map(plain);
  const interleaving = formatInterleaving(log, best.log.preemptingSteps(), best.preemptions);
  const decisive = await decisiveChoices(best.result, {
    log: best.log,
    tryRun: async (prefs) => {
      if (await beforeRun()) return undefined;
      const { result, rec } = await runGuided({ engine, program, runOptions }, prefs);
      rec.log.release();
      return result;
    },
    trail: async (from, keep) => (await locateLogged(setup, o, from, keep)).log,
  });
  const difference = decisive.text === '' ? '' : `\n\n${decisive.text}`;
  const failure: Failure = {
    kind: shown.kind, message: shown.message, text: `${shown.text}${listing(all, shown)}\n\n${interleaving}${difference}`, goroutines: shown.goroutines,
    replay: tokenOf(o, best.result.schedule), schedule: index + 1, preemptions: best.preemptions, steps: best.steps,
    interleaving, original: { replay: tokenOf(o, start.result.schedule), preemptions: start.preemptions, steps: start.steps },
    findings: all, decisive: decisive.choices,
  };
  return { failure, report: shown };
}

/**
 * Whether the time budget leaves room for the located re-run of a schedule whose
 * plain run took `runMs` ({@link LOCATED_COST} times that); throws when aborted.
 *
 * @example
 * ```ts
 * if (mayLocate(limits, 12)) await locate(setup, o, result);
 * ```
 */
export function mayLocate(limits: Limits, runMs: number): boolean {
  return !limits.stop() && runMs * LOCATED_COST <= limits.left();
}

/**
 * Replays the schedule of the plain run `from` with source locations on (and the
 * detectors), its findings in order. Locations are captured only where its
 * reports show them (core's `locationsFor`), so every monitor is a factory.
 *
 * @example
 * ```ts
 * const { findings } = await locate(setup, o, result);
 * ```
 */
export function locate<P>(setup: RunSetup<P>, o: Resolved, from: RunResult): Promise<RunResult> {
  return locateWith(setup, o, from, []);
}

/**
 * {@link locate}, with a {@link StepLog} of the execution that wrote the report
 * (keeping its last `keep` steps: by default the 24 a report shows, SHOWN_STEPS).
 *
 * @example
 * ```ts
 * const { result, log } = await locateLogged(setup, o, best.result);
 * formatInterleaving(log, new Set(), 0);
 * ```
 */
export async function locateLogged<P>(setup: RunSetup<P>, o: Resolved, from: RunResult, keep?: number): Promise<{ result: RunResult; log: StepLog }> {
  let log = new StepLog(keep);
  const result = await locateWith(setup, o, from, [(): Monitor => (log = new StepLog(keep))]);
  return { result, log };
}

function locateWith<P>(setup: RunSetup<P>, o: Resolved, from: RunResult, own: (() => Monitor)[]): Promise<RunResult> {
  const monitors = [...own, ...(o.detectors === undefined ? [] : oneByOne(o.detectors))];
  const options: EngineOptions = { ...o.base, replay: from.schedule, locations: true, locationsFor: from, monitors };
  return setup.engine.run(setup.program, options);
}

/**
 * One factory per monitor of `make`'s sets: the first makes a fresh set, each
 * hands out its own (core calls an execution's factories in order).
 */
function oneByOne(make: () => Monitor[]): (() => Monitor)[] {
  let set: Monitor[] = [];
  return make().map((_, i) => (): Monitor => {
    if (i === 0) set = make();
    return set[i]!;
  });
}

/**
 * The failure of a program that did not repeat itself under the same decisions.
 *
 * @example
 * ```ts
 * nondeterminismFailure('decision 3 diverged on replay: ...', result, o, 7).kind; // 'nondeterminism'
 * ```
 */
export function nondeterminismFailure(message: string, result: Pick<RunResult, 'schedule' | 'steps'>, o: Resolved, index: number): Failure {
  const text = `the program did not repeat itself under the same decisions (${message}).\n` +
    'It depends on something interleave does not control (real timers, I/O, Math.random, state kept between runs).';
  return {
    kind: 'nondeterminism', message, text, goroutines: [], replay: tokenOf(o, result.schedule), schedule: index + 1,
    preemptions: 0, steps: result.steps, interleaving: '',
    original: { replay: tokenOf(o, result.schedule), preemptions: 0, steps: result.steps },
    findings: [{ kind: 'nondeterminism', message, text, goroutines: [] }], decisive: [],
  };
}

/** The failure of a schedule whose located re-run the time budget did not leave room for. */
function unlocated(o: Resolved, finding: Finding, start: Attempt, best: Attempt, index: number, at: number): Built {
  const shown = pick(best.result.findings, at, finding) ?? finding;
  const all = best.result.findings.map(plain);
  const failure: Failure = {
    kind: shown.kind, message: shown.message, text: `${shown.text}${listing(all, shown)}\n${UNLOCATED}\n`, goroutines: shown.goroutines,
    replay: tokenOf(o, best.result.schedule), schedule: index + 1, preemptions: best.preemptions, steps: best.steps,
    interleaving: '', original: { replay: tokenOf(o, start.result.schedule), preemptions: start.preemptions, steps: start.steps },
    findings: all, decisive: [],
  };
  return { failure, report: shown };
}

/** The finding at `at` in `findings` when it has the kind of `like`, else the first of that kind. */
function pick(findings: readonly Finding[], at: number, like: Finding): Finding | undefined {
  const here = findings[at];
  return here?.kind === like.kind ? here : findings.find((f) => f.kind === like.kind);
}

function plain(f: Finding): Finding {
  return { kind: f.kind, message: f.message, text: f.text, goroutines: f.goroutines };
}

/** When the schedule found more than this failure's finding: each of them, in order, this one marked. */
function listing(all: readonly Finding[], shown: Finding): string {
  if (all.length < 2) return '';
  const mine = all.findIndex((f) => f.kind === shown.kind && f.message === shown.message);
  const lines = all.map((f, i) => `  ${i + 1}. ${f.kind}: ${f.message}${i === mine ? '   <- this report' : ''}`);
  return `\nThis schedule found ${all.length} problems, in the order they happened:\n${lines.join('\n')}\n`;
}
