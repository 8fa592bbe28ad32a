/**
 * Targets of the benchmark table: one definition per measured row, a bound
 * (`>=` or `<=`) on one number, judged in one place so that every row says
 * `pass` or `miss` the same way and `pnpm bench --strict` can rely on it.
 */
import type { Row } from './types.ts';

/** A bound on a measured value: `value op bound` passes. */
export interface Target {
  readonly op: '>=' | '<=';
  readonly bound: number;
}

/**
 * The table row of a value judged against its target. `shown` is the value as
 * printed (a ratio as `3.20x`, a share as `31.0%`); `reference` says what the
 * target is measured against.
 *
 * @example
 * ```ts
 * judged('explorer: explore vs fast-check', 4.2, '4.20x', 'x', { op: '>=', bound: 5 }, '>= 5x');
 * // { ..., verdict: 'miss' }
 * ```
 */
export function judged(benchmark: string, value: number, shown: string, unit: string, target: Target, reference: string): Row {
  const ok = target.op === '>=' ? value >= target.bound : value <= target.bound;
  return { benchmark, value: shown, unit, reference, verdict: ok ? 'pass' : 'miss' };
}

/**
 * Alternating rounds: `a` then `b`, `rounds` times, after one warm-up round of
 * each; returns every round's pair (both sides of a round ran back to back, so a
 * round's ratio cancels most of a loaded machine's drift).
 *
 * @example
 * ```ts
 * const pairs = await alternate(7, () => timeOurs(), () => timeTheirs());
 * ```
 */
export async function alternate(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[number, number][]> {
  await a();
  await b();
  const out: [number, number][] = [];
  for (let r = 0; r < rounds; r++) out.push([await a(), await b()]);
  return out;
}
