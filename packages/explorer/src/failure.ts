/**
 * The failures an exploration reports. A failing schedule is shrunk (see
 * ./shrink.ts), then replayed once with source locations on: that run writes
 * the report and logs the interleaving shown under it, and its findings, in the
 * order they happened, are the failure's `findings`.
 *
 * Invariant: the failure's finding is the one at the same place in the
 * reported run as the finding it was built for: the first for the earliest
 * finding of a schedule (shrinking keeps it first), else the one with the same
 * kind, message and goroutines.
 */
import type { EngineOptions, Finding, Monitor, RunResult, Scheduler } from './core.ts';
import { findingKey } from './findings/keys.ts';
import { runInOrder } from './findings/order.ts';
import { formatInterleaving, StepLog } from './report.ts';
import type { Resolved } from './resolve.ts';
import { shrinkSchedule, type Attempt } from './shrink.ts';
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
 * tokenOf(o, result.schedule); // 'il1.…:r' with race: true
 * ```
 */
export function tokenOf(o: Resolved, schedule: string): string {
  return encodeToken({ core: schedule, race: o.race, leaks: o.leaks, maxSteps: o.maxSteps });
}

/**
 * Builds the failure of `finding`, found in schedule `index` (`start`: that run,
 * findings in order). `first`: it is the earliest finding of its run.
 *
 * @example
 * ```ts
 * const built = await buildFailure(setup, o, result.findings[0], measure(result, recorder), index, true);
 * built.failure.findings; // every finding of the reported run, in order
 * ```
 */
export async function buildFailure<P>(setup: RunSetup<P>, o: Resolved, finding: Finding, start: Attempt, index: number, first: boolean): Promise<Built> {
  const { engine, program } = setup;
  const key = findingKey(finding);
  const runOptions = (scheduler: Scheduler, recorder: Recorder): EngineOptions =>
    ({ ...o.base, seed: `${o.seed}:${index}`, scheduler, monitors: monitorsFor(setup, recorder) });
  const accepts = first
    ? (r: RunResult): boolean => r.findings[0]?.kind === finding.kind
    : (r: RunResult): boolean => r.findings.some((f) => findingKey(f) === key);
  const best = o.shrink ? await shrinkSchedule({ engine, program, kind: finding.kind, start, runOptions, accepts }) : start;
  // One replay with locations on writes the report and logs the interleaving.
  const log = new StepLog();
  const monitors: Monitor[] = o.detectors === undefined ? [log] : [log, ...o.detectors()];
  const located = await runInOrder(engine, program, { ...o.base, replay: best.result.schedule, locations: true, monitors });
  const at = first ? 0 : best.result.findings.findIndex((f) => findingKey(f) === key);
  const same = (f: Finding | undefined): f is Finding => f?.kind === finding.kind;
  const candidate = located.findings[at];
  const shown = (same(candidate) ? candidate : undefined) ?? located.findings.find(same) ?? best.result.findings.find(same) ?? finding;
  const all = (located.findings.length > 0 ? located.findings : best.result.findings).map(plain);
  const preempting = new Set<number>();
  for (const d of best.decisions) if (d.kind === 'goroutine' && d.currentRunnable && d.gid !== d.current) preempting.add(d.step);
  const interleaving = formatInterleaving(log, preempting, best.preemptions);
  const failure: Failure = {
    kind: shown.kind, message: shown.message, text: `${shown.text}${listing(all, shown)}\n\n${interleaving}`, goroutines: shown.goroutines,
    replay: tokenOf(o, best.result.schedule), schedule: index + 1, preemptions: best.preemptions, steps: best.steps,
    interleaving, original: { replay: tokenOf(o, start.result.schedule), preemptions: start.preemptions, steps: start.steps },
    findings: all,
  };
  return { failure, report: shown };
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
    findings: [{ kind: 'nondeterminism', message, text, goroutines: [] }],
  };
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
