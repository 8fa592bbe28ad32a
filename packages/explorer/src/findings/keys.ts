/**
 * When two findings are the same finding. Explorations with
 * `stopOnFirstFailure: false` report every distinct finding once, by kind and
 * source locations; the runs of an exploration capture no locations (they come
 * from located re-runs), so a failing schedule is looked at closer only when it
 * has a finding new by {@link findingKey}, its kind and message with every
 * number masked (goroutine ids, counts and values differ from schedule to
 * schedule for the same bug). Then one located re-run of the schedule gives each
 * of its findings a {@link locatedKey}, and a finding is reported when that key
 * is new.
 *
 * Invariant: both keys are pure functions of the finding.
 */
import type { Finding } from '../core.ts';

/**
 * A finding without locations: its kind and message, numbers masked.
 *
 * @example
 * ```ts
 * findingKey({ kind: 'race', message: 'data race on hits: read by goroutine 3, previous write by goroutine 2' });
 * // 'race\u0000data race on hits: read by goroutine #, previous write by goroutine #'
 * ```
 */
export function findingKey(f: Pick<Finding, 'kind' | 'message'>): string {
  return `${f.kind}\u0000${f.message.replace(/\d+/g, '#')}`;
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
