/**
 * `task.meta.interleave`: how a test hands its seed, command and finding to the
 * summary reporter (vitest serializes task meta from the worker to the main
 * process). vitest's `TaskMeta` lives in a package this one cannot augment, so
 * the field is read and written through these two functions.
 */
import type { InterleaveMeta } from './types.ts';

interface WithInterleave {
  interleave?: InterleaveMeta;
}

/**
 * Stores a test's interleave metadata.
 *
 * @example
 * ```ts
 * setMeta(ctx.task.meta, { seed, runSeed: 0, file, name, command, args });
 * ```
 */
export function setMeta(meta: object, value: InterleaveMeta): void {
  (meta as WithInterleave).interleave = value;
}

/**
 * Reads it back, if the test was an interleave test.
 *
 * @example
 * ```ts
 * getMeta(testCase.meta())?.command;
 * ```
 */
export function getMeta(meta: object): InterleaveMeta | undefined {
  const value = (meta as WithInterleave).interleave;
  return value && typeof value === 'object' && typeof value.command === 'string' && Array.isArray(value.args) ? value : undefined;
}
