/**
 * What made the difference: the timer-tie, timer-window and random (`latency`,
 * `randomInt`) choices of a failing schedule that decide it, each shown beside the
 * run that answers it otherwise and passes. In ordinary async code these are the
 * whole story (which callback ran first, how long a call took); a report that
 * names them says why the test failed in the user's terms.
 *
 * How: each such decision of the (shrunk) failing schedule is answered otherwise,
 * one at a time, every other decision as it was (guided replay: the shrinker's
 * scheduler, ./shrink-moves.ts); a run with no finding at all makes the decision
 * decisive. For each decisive one shown, the failing and the passing run are
 * replayed with locations on, and the report shows the first step where they
 * part, in each.
 *
 * Invariants: deterministic (no clock; the exploration's time budget is asked
 * before each run and stops the search, keeping what it found); at most
 * {@link MAX_RUNS} plain runs and 1 + {@link MAX_SHOWN} located ones per failure.
 * A decision that changes the failure into another finding is not decisive: the
 * claim is "with this answer the run passes", and it is checked by a run.
 */
import type { DecisionKind, RunResult } from './core.ts';
import { formatStep, whoWidth, type LoggedStep, type StepLog } from './report.ts';
import { answered, type Preference, type PreferenceSource } from './shrink-moves.ts';
import type { DecisionLog } from './trace/decision-log.ts';
import type { DecisiveChoice } from './types.ts';

/** Most plain runs spent looking for decisive choices, per failure. */
const MAX_RUNS = 24;
/** Most other answers tried per decision (a tie of many timers: its first few). */
const MAX_ANSWERS = 3;
/** Most decisive choices shown (each costs a located run). */
const MAX_SHOWN = 3;
/** Steps compared after a decision to find where the two runs part. */
const COMPARED = 200;

/**
 * What {@link decisiveChoices} needs from the exploration.
 *
 * @example
 * ```ts
 * const input: DifferenceInput = { log: best.log, tryRun: (prefs) => runGuided(prefs), trail: (r) => locateTrail(r) };
 * ```
 */
export interface DifferenceInput {
  /** The failing schedule's decisions. */
  readonly log: DecisionLog;
  /** Runs the schedule `prefs` give, without locations; undefined when the time budget says stop. */
  readonly tryRun: (prefs: PreferenceSource) => Promise<RunResult | undefined>;
  /** Replays run `from` with locations on, keeping `keep` steps. */
  readonly trail: (from: RunResult, keep: number) => Promise<StepLog>;
}

/** A decisive choice and the passing run's result. */
interface Found {
  readonly choice: DecisiveChoice;
  readonly passing: RunResult;
}

/**
 * The decisive choices of the failing run `failingRun` (whose decisions
 * `input.log` holds), with the text that shows them
 * (empty when there are none: a failure decided by goroutine order alone, or no
 * timer or random decision at all).
 *
 * @example
 * ```ts
 * const { choices, text } = await decisiveChoices(best.result, input);
 * if (choices.length > 0) report += `\n\n${text}`;
 * ```
 */
export async function decisiveChoices(failingRun: RunResult, input: DifferenceInput): Promise<{ choices: DecisiveChoice[]; text: string }> {
  const found = await search(input);
  if (found.length === 0) return { choices: [], text: '' };
  const shown = found.slice(0, MAX_SHOWN);
  const failing = await input.trail(failingRun, COMPARED + maxStep(shown));
  const parts: string[] = [];
  for (const f of shown) parts.push(describe(f.choice, failing, await input.trail(f.passing, COMPARED + f.choice.step)));
  const more = found.length > shown.length ? `\n  (${found.length - shown.length} more not shown)` : '';
  const head = found.length === 1 ? 'the choice that made the difference (answered otherwise, the run passes):' : 'the choices that made the difference (any one answered otherwise, the run passes):';
  return { choices: found.map((f) => f.choice), text: `${head}\n${parts.join('\n')}${more}` };
}

async function search(input: DifferenceInput): Promise<Found[]> {
  const { log } = input;
  const found: Found[] = [];
  let runs = 0;
  for (let d = 0; d < log.length && runs < MAX_RUNS; d++) {
    const kind = log.kind(d);
    if (kind !== 'timer' && kind !== 'random') continue;
    const r = log.record(d);
    for (const other of otherAnswers(r.choice, r.options)) {
      if (runs++ >= MAX_RUNS) break;
      const instead: Preference = { kind, pick: other };
      const result = await input.tryRun({ at: (i) => (i === d ? instead : answered(log, i)) });
      if (result === undefined) return found;
      if (result.findings.length > 0) continue;
      found.push({ choice: { step: r.step + 1, kind, what: whatOf(kind, r.current), options: r.options, chose: r.choice, passesWith: other }, passing: result });
      break;
    }
  }
  return found;
}

/** The answers other than `chose`, nearest first, at most {@link MAX_ANSWERS}. */
function otherAnswers(chose: number, options: number): number[] {
  const out: number[] = [];
  for (let k = 1; out.length < MAX_ANSWERS && k < options; k++) {
    if (chose + k < options) out.push(chose + k);
    if (out.length < MAX_ANSWERS && chose - k >= 0) out.push(chose - k);
  }
  return out;
}

/** A timer decision with no goroutine at the point is a tie (time advanced); with one, whether a timer due within the window fires first. */
function whatOf(kind: DecisionKind, current: number): DecisiveChoice['what'] {
  if (kind === 'random') return 'random';
  return current === 0 ? 'tie' : 'window';
}

function maxStep(found: readonly Found[]): number {
  return found.reduce((m, f) => Math.max(m, f.choice.step), 0);
}

/** One decisive choice in words, then the first step at or after it where the two runs part, in each. */
function describe(c: DecisiveChoice, failing: StepLog, passing: StepLog): string {
  const line = `  after step ${c.step}: ${sentence(c)}`;
  const at = parting(failing, passing, c.step);
  if (at === undefined) return line;
  const here = failing.at(at);
  const there = passing.at(at);
  const rows: string[] = [];
  // Each row names its goroutine from its own run's log; the column fits both.
  const width = Math.max(whoWidth(failing, here === undefined ? [] : [here]), whoWidth(passing, there === undefined ? [] : [there]));
  rows.push(here === undefined ? '    this run:   (ended)' : `    this run:  ${formatStep(failing, at, here, ' ', width).trimStart()}`);
  rows.push(there === undefined ? '    passing:    (ended)' : `    passing:   ${formatStep(passing, at, there, ' ', width).trimStart()}`);
  return `${line}\n${rows.join('\n')}`;
}

function sentence(c: DecisiveChoice): string {
  const nth = (k: number): string => ordinal(k + 1);
  switch (c.what) {
    case 'tie':
      return `${c.options} timers were due at the same instant; the one armed ${nth(c.chose)} ran first. With the one armed ${nth(c.passesWith)} first, the run passes.`;
    case 'window':
      return c.chose === 1
        ? 'a timer due within the timer window fired while goroutines could still run. Had it waited, the run passes.'
        : 'a timer due within the timer window waited while goroutines ran. Fired first, the run passes.';
    case 'random':
      return `a random choice (a latency's duration, randomInt) took answer ${c.chose} of ${c.options}. With ${c.passesWith}, the run passes.`;
  }
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** The first step from `from` (0-based) where the runs differ (goroutine, operation or location); undefined when none within the steps kept. */
function parting(a: StepLog, b: StepLog, from: number): number | undefined {
  const end = Math.max(a.total, b.total);
  for (let i = Math.max(0, from); i < end && i < from + COMPARED; i++) {
    const x = a.at(i);
    const y = b.at(i);
    if (x === undefined || y === undefined) return x === y ? undefined : i;
    if (x.g !== y.g || x.op.kind !== y.op.kind || !sameSite(x, y)) return i;
  }
  return undefined;
}

function sameSite(x: LoggedStep, y: LoggedStep): boolean {
  const a = x.site ?? x.origin;
  const b = y.site ?? y.origin;
  return a?.file === b?.file && a?.line === b?.line && a?.col === b?.col;
}
