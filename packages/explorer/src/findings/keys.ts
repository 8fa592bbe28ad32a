/**
 * When two findings are the same finding. Explorations with
 * `stopOnFirstFailure: false` report every distinct finding once, by kind and
 * source locations; the runs of an exploration capture no locations (they come
 * from the one located re-run of each reported schedule), so findings are
 * first told apart without them ({@link findingKey}) and, once located, merged
 * by their locations ({@link locatedKey}).
 *
 * Invariant: both keys are pure functions of the finding.
 */
import type { Finding } from '../core.ts';

/**
 * A finding without locations: kind, message and goroutines (the step limit's
 * goroutines are the busiest of that run, so they are left out).
 *
 * @example
 * ```ts
 * findingKey({ kind: 'deadlock', message: 'all goroutines are asleep - deadlock!', goroutines: [1, 2] });
 * // 'deadlock\u0000all goroutines are asleep - deadlock!\u00001,2'
 * ```
 */
export function findingKey(f: Pick<Finding, 'kind' | 'message' | 'goroutines'>): string {
  if (f.kind === 'step-limit') return `${f.kind}\u0000${f.message}`;
  return `${f.kind}\u0000${f.message}\u0000${f.goroutines.join(',')}`;
}

/** A `file:line:col` in a report. */
const SITE = /[^\s()]+:\d+:\d+/g;

/**
 * A located finding: its kind and every source location its report names, in
 * order (its message when it names none, e.g. reported without locations).
 *
 * @example
 * ```ts
 * locatedKey(race); // 'race\u0000src/a.ts:3:5 src/a.ts:9:2 src/a.ts:12:3'
 * ```
 */
export function locatedKey(f: Pick<Finding, 'kind' | 'message' | 'text'>): string {
  const sites = f.text.match(SITE);
  if (sites === null) return `${f.kind}\u0000${f.message}`;
  return `${f.kind}\u0000${[...new Set(sites)].sort().join(' ')}`;
}
