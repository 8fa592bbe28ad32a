/**
 * What an exploration covered, from its result: the explorer's `result.coverage`
 * (schedules run, complete or not and under which assumption, classes seen). This
 * is the only place that reads it.
 */
import type { ExploreResult } from './explorer-adapter.ts';
import type { Coverage } from './types.ts';

/**
 * The coverage of one exploration.
 *
 * @example
 * ```ts
 * coverageOf(await explore(program)); // { schedules: 1000, complete: false, classes: 37, assumption: '…' }
 * ```
 */
export function coverageOf(result: ExploreResult): Coverage {
  const { schedules, complete, classes, assumption, seenOnce, newClassChance } = result.coverage;
  const c: Coverage = { schedules, complete, classes, assumption, seenOnce, newClassChance };
  const shard = result.shard;
  if (shard !== undefined && shard.count > 1) c.shard = { index: shard.index, count: shard.count, complete: shard.exhausted };
  return c;
}

/**
 * One line: `30 schedules, complete (6 classes)` or `1000 schedules, not complete (37 classes seen);
 * 4 seen once: next schedule new with p ≈ 0.004 (Good–Turing)`. One shard of several never says
 * the whole is complete: `12 schedules, shard 1/2's part complete (5 classes)`.
 *
 * @example
 * ```ts
 * coverageText({ schedules: 30, complete: true, classes: 6 }); // '30 schedules, complete (6 classes)'
 * ```
 */
export function coverageText(c: Coverage): string {
  if (c.classes === undefined) return `${c.schedules} case${c.schedules === 1 ? '' : 's'} (inputs and schedules generated), not complete`;
  const s = `${c.schedules} schedule${c.schedules === 1 ? '' : 's'}`;
  const classes = `${c.classes} class${c.classes === 1 ? '' : 'es'}`;
  const assumption = c.assumption === undefined ? '' : `, assuming ${c.assumption}`;
  if (c.shard !== undefined) {
    const part = `shard ${c.shard.index}/${c.shard.count}'s part`;
    return c.shard.complete ? `${s}, ${part} complete (${classes}${assumption})` : `${s}, ${part} not complete (${classes} seen)`;
  }
  return c.complete ? `${s}, complete (${classes}${assumption})` : `${s}, not complete (${classes} seen)${chanceText(c)}`;
}

/**
 * The Good–Turing part of a line: `; 4 seen once: next schedule new with p ≈ 0.004 (Good–Turing)`,
 * or '' when the explorer gave none.
 *
 * @example
 * ```ts
 * chanceText({ schedules: 1000, complete: false, classes: 37, seenOnce: 4, newClassChance: 0.004 });
 * ```
 */
export function chanceText(c: Coverage): string {
  if (c.seenOnce === undefined || c.newClassChance === undefined) return '';
  return `; ${c.seenOnce} seen once: next schedule new with p ≈ ${probability(c.newClassChance)} (Good–Turing)`;
}

/**
 * A probability in two significant digits: `0.004`, `0.13`, `1`, `0`.
 *
 * @example
 * ```ts
 * probability(0.12345); // '0.12'
 * ```
 */
export function probability(p: number): string {
  return p === 0 || p === 1 ? String(p) : String(Number(p.toPrecision(2)));
}
