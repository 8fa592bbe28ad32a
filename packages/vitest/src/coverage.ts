/**
 * What an exploration covered, from its result. The explorer's `result.coverage`
 * (when it has one) is the source of truth; until then the same figures are
 * read from `schedules`, `exhausted` and `stats.classes`. This is the only place
 * that reads them.
 */
import type { ExploreResult } from './explorer-adapter.ts';
import type { Coverage } from './types.ts';

/**
 * The coverage of one exploration.
 *
 * @example
 * ```ts
 * coverageOf(await explore(program)); // { schedules: 1000, complete: false, classes: 37 }
 * ```
 */
export function coverageOf(result: ExploreResult): Coverage {
  return { schedules: result.schedules, complete: result.exhausted, classes: result.stats.classes };
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
