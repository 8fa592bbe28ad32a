/**
 * The timeline pages of the programs in programs.ts, as the tests look
 * at them: explored, recorded and rendered through the public API.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { explore, recordTimeline, timelineHtml, type Failure, type Timeline } from '@interleave/explorer';
import { channelCycle, deadlock, leak, race } from './programs.ts';

/** The repository root (sites are relative to it). */
export const repo = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

/** One program's failure, timeline and page. */
export interface Page {
  failure: Failure;
  timeline: Timeline;
  html: string;
}

/**
 * Explores `name`'s program and renders its page.
 *
 * @example
 * ```ts
 * const { html } = await page('race');
 * ```
 */
export async function page(name: 'race' | 'deadlock' | 'leak' | 'channel-cycle'): Promise<Page> {
  const program = { race, deadlock, leak, 'channel-cycle': channelCycle }[name];
  const { failure } = await explore(program, { race: name === 'race', seed: 0, root: repo });
  if (failure === undefined) throw new Error(`${name}: expected a failure`);
  const timeline = await recordTimeline(program, failure, { title: `timeline of the ${name}`, root: repo });
  return { failure, timeline, html: timelineHtml(timeline) };
}
