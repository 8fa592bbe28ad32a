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
  const { schedules, complete, classes, assumption } = result.coverage;
  return { schedules, complete, classes, assumption };
}

/**
 * One line: `30 schedules, complete (6 classes)` or `1000 schedules, not complete (37 classes seen)`.
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
  return c.complete ? `${s}, complete (${classes}${assumption})` : `${s}, not complete (${classes} seen)`;
}
