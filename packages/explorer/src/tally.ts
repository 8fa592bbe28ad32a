/**
 * What an exploration counts, whichever thread ran its schedules: schedules,
 * distinct states and classes, failing schedules, and the failures reported.
 *
 * Findings are reported once each, by kind and locations (see
 * ./findings/keys.ts): a failing schedule with a finding new by
 * {@link findingKey} is located, and each of its findings whose
 * {@link locatedKey} is new is built into a failure (shrunk, located), which is
 * kept unless an earlier failure names the same kind and locations.
 *
 * Invariant: `failures` is in the order the findings were found (schedule
 * index, then order within the schedule).
 */
import type { Finding } from './core.ts';
import { findingKey, locatedKey } from './findings/keys.ts';
import { newClassEstimate } from './estimate.ts';
import type { Resolved } from './resolve.ts';
import type { ExploreResult, ExploreStats, Failure } from './types.ts';

/**
 * The counts of one exploration.
 *
 * @example
 * ```ts
 * const tally = new Tally();
 * tally.count(state, cls);
 * if (tally.claims(finding)) { const built = await buildFailure(...); tally.add(built.failure, built.report); }
 * return tally.result(o, exhausted, strategyStats, elapsedMs);
 * ```
 */
export class Tally {
  schedules = 0;
  failing = 0;
  readonly failures: Failure[] = [];
  private readonly states = new Set<number>();
  /** Each class seen, with the number of schedules that ran it. */
  private readonly classes = new Map<number, number>();
  private readonly claimed = new Set<string>();
  /** Located keys seen (noted before building, or of kept failures). */
  private readonly located = new Set<string>();
  /** Located keys of the failures kept. */
  private readonly kept = new Set<string>();

  /** A schedule ran. */
  count(state: number, cls: number): void {
    this.schedules++;
    this.states.add(state);
    this.classes.set(cls, (this.classes.get(cls) ?? 0) + 1);
  }

  /** The program diverged under the same decisions: the exploration ends with this failure. */
  diverged(failure: Failure): void {
    this.failing++;
    this.failures.push(failure);
  }

  /** A schedule failed. */
  failed(): void {
    this.failing++;
  }

  /** Whether any of `findings` is new by {@link findingKey} (nothing is marked). */
  anyNew(findings: readonly Pick<Finding, 'kind' | 'message'>[]): boolean {
    return findings.some((f) => !this.claimed.has(findingKey(f)));
  }

  /** True when `finding` is new by {@link findingKey}, and marks it. */
  claims(finding: Pick<Finding, 'kind' | 'message'>): boolean {
    const key = findingKey(finding);
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  /** Marks every one of `findings` by {@link findingKey}. */
  claimAll(findings: readonly Pick<Finding, 'kind' | 'message'>[]): void {
    for (const f of findings) this.claimed.add(findingKey(f));
  }

  /** True when no failure was kept or noted with this {@link locatedKey}, and notes it. */
  notes(locatedKeyOf: string): boolean {
    if (this.located.has(locatedKeyOf)) return false;
    this.located.add(locatedKeyOf);
    return true;
  }

  /** Keeps a built failure unless an earlier one has the same kind and locations (`report`: its finding as reported, without the interleaving). */
  add(failure: Failure, report: Finding): void {
    const key = locatedKey(report);
    if (this.kept.has(key)) return;
    this.kept.add(key);
    this.located.add(key);
    this.failures.push(failure);
  }

  result(o: Resolved, exhausted: boolean, strategy: Readonly<Record<string, number>>, elapsedMs: number): ExploreResult {
    const stats = makeStats(this.states.size, this.classes.size, this.failing, strategy, this.schedules, elapsedMs);
    const coverage = {
      complete: exhausted, assumption: ASSUMPTION[o.sharedState], classes: this.classes.size, schedules: this.schedules,
      ...newClassEstimate(this.classes.values(), this.schedules, exhausted),
    };
    const result: ExploreResult = { ok: this.failures.length === 0, schedules: this.schedules, exhausted, coverage, stats };
    if (this.failures[0] !== undefined) result.failure = this.failures[0];
    if (!o.stopOnFirstFailure) result.failures = this.failures;
    return result;
  }
}

/** `Coverage.assumption` for each `sharedState`. */
const ASSUMPTION: Readonly<Record<Resolved['sharedState'], string>> = {
  anywhere: 'plain JavaScript state may be shared between goroutines',
  objects: 'all shared state lives in interleave objects',
};

function makeStats(
  distinctStates: number, classes: number, failingSchedules: number, strategy: Readonly<Record<string, number>>,
  schedules: number, elapsedMs: number,
): ExploreStats {
  const stats = { distinctStates, classes, failingSchedules, strategy } as ExploreStats;
  Object.defineProperty(stats, 'elapsedMs', { value: elapsedMs, enumerable: false });
  Object.defineProperty(stats, 'schedulesPerSecond', { value: elapsedMs > 0 ? schedules / (elapsedMs / 1000) : 0, enumerable: false });
  return stats;
}
