/**
 * The timeline page of a failing test: recorded by replaying the failure (see
 * the explorer's `recordTimeline`), written next to the failures file as
 * `timelines/<file name>--<test name>-<hash of both>.html`, and attached to the test with vitest's
 * `annotate` (a `notice` with the page as an attachment: vitest's UI and HTML
 * reporter show it, its default reporter prints it under the failure; GitHub
 * Actions gets a notice, never a second error).
 *
 * The page's path depends only on the project root, the failures file and the
 * test, so `interleave replay --timeline` can name it without asking the test.
 * Writing it never hides the failure: when it cannot be written, the report
 * says why instead of giving a path.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import type { Program } from '@interleave/core';
import type { TestContext } from 'vitest';
import { exclusive } from './exclusive.ts';
import { recordTimeline, timelineHtml, type TimelineFailure } from './explorer-adapter.ts';

/** Where the failures file goes when nothing else is said, relative to vitest's root (the reporter's default). */
const FAILURES_FILE = '.interleave/failures.json';

/**
 * The page of test `name` in `file` (relative to the working directory), for a
 * project whose failures file is `outputFile` under `root`.
 *
 * @example
 * ```ts
 * timelinePath('/repo', undefined, 'src/pool.test.ts', 'pool > drains');
 * // '/repo/.interleave/timelines/pool.test.ts--pool-drains-3f1c2a9b.html'
 * ```
 */
export function timelinePath(root: string, outputFile: string | undefined, file: string, name: string): string {
  const slug = (s: string): string => s.replace(/[^A-Za-z0-9._]+/g, '-').replace(/^-+|-+$/g, '');
  // Short (vitest copies attachments under a name made of the annotation's message and a hash), unique by the hash.
  const hash = createHash('sha256').update(`${file}\u0000${name}`).digest('hex').slice(0, 8);
  const base = `${slug(basename(file))}--${slug(name)}`.slice(0, 72);
  return resolve(root, dirname(outputFile ?? FAILURES_FILE), 'timelines', `${base}-${hash}.html`);
}

/** What writing the page needs about the test. */
export interface TimelineTarget {
  program: Program;
  /** The page's path (see {@link timelinePath}). */
  path: string;
  /** The test's full name: the page's heading. */
  title: string;
  /** Sites are relative to this directory (the exploration's root). */
  cwd: string;
}

/**
 * Records, writes and attaches the page; returns the line the report prints
 * (`Timeline: .interleave/timelines/….html`, or why there is none) and whether it was written.
 *
 * @example
 * ```ts
 * const { line, written } = await attachTimeline(ctx, { program, path, title: 'pool > drains', cwd }, result.failure);
 * ```
 */
export async function attachTimeline(ctx: TestContext, target: TimelineTarget, failure: TimelineFailure): Promise<{ line: string; written: boolean }> {
  let shown: string;
  try {
    const timeline = await exclusive(() => recordTimeline(target.program, failure, { title: target.title, root: target.cwd }), ctx.signal);
    mkdirSync(dirname(target.path), { recursive: true });
    writeFileSync(target.path, timelineHtml(timeline));
    shown = relative(process.cwd(), target.path) || target.path;
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    return { line: `Timeline: not written (${e instanceof Error ? e.message : String(e)})`, written: false };
  }
  try {
    await ctx.annotate(`interleave timeline: ${basename(target.path)}`, 'notice', { path: target.path, contentType: 'text/html' });
  } catch (e) {
    return { line: `Timeline: ${shown} (not attached to the test: ${e instanceof Error ? e.message : String(e)})`, written: true };
  }
  return { line: `Timeline: ${shown}`, written: true };
}
