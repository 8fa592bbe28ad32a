/**
 * On-demand source locations: where the running user code is, asked for only when
 * a detector is about to report (a stack capture is too slow for every access).
 *
 * Invariant: this is the only file that reaches for core's `captureSite`; it is
 * right only when called synchronously from the goroutine's own user code (a
 * `Shared` access), not from events emitted inside the scheduler.
 */
import { captureSite } from '@interleave/core';
import type { SourceLocation } from './core-types.ts';

/** Returns the current user location, or undefined when it cannot tell. */
export type CaptureSite = () => SourceLocation | undefined;

/**
 * Core's `captureSite`: the first stack frame outside interleave's packages.
 *
 * @example
 * ```ts
 * const here = defaultCaptureSite(); // { file: 'fixtures/x.ts', line: 12, col: 5 } inside a run
 * ```
 */
export const defaultCaptureSite: CaptureSite = captureSite;
