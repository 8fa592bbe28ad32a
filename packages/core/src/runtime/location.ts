/**
 * Source locations, captured only when asked for: a stack trace costs
 * microseconds, so the fast path of a run captures none, and a failing schedule is
 * re-run with locations on to write its report (determinism makes that exact).
 *
 * A location is the first stack frame outside interleave's own packages, node's
 * internals and node_modules, with its path relative to the run's root so reports
 * are the same text on every machine.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { SourceLocation } from './types.ts';

const INTERNAL = /[\\/]packages[\\/](core|explorer|race-detector|vitest)[\\/]src[\\/]|[\\/]node_modules[\\/]|^node:|^internal[\\/]/;
const FRAME = /^\s*at (?:async )?(?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;

let root = process.cwd();

/** Sets the directory that reported paths are relative to. */
export function setLocationRoot(dir: string): void {
  root = dir;
}

/**
 * The user's source location calling into interleave right now, or undefined when
 * the stack holds no user frame.
 *
 * @example
 * ```ts
 * const site = captureSite(); // { file: 'test/pool.test.ts', line: 12, col: 9, fn: 'worker' }
 * ```
 */
export function captureSite(): SourceLocation | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return firstUserFrame(stack);
}

/** The first user frame of a stack text (as `Error.stack` prints it). */
export function firstUserFrame(stack: string): SourceLocation | undefined {
  for (const frame of userFrames(stack)) return frame;
  return undefined;
}

/** Every user frame of a stack text, outermost last. */
export function* userFrames(stack: string): Generator<SourceLocation> {
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = normalize(m[2]!);
    if (INTERNAL.test(file)) continue;
    const loc: SourceLocation = { file: relative(file), line: Number(m[3]), col: Number(m[4]) };
    const fn = m[1] ? cleanFunctionName(m[1]) : undefined;
    if (fn) loc.fn = fn;
    yield loc;
  }
}

/** `file:line:col`, the form of every location in a report. */
export function formatSite(site: SourceLocation | undefined): string {
  return site ? `${site.file}:${site.line}:${site.col}` : '(location unknown)';
}

function normalize(file: string): string {
  if (file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return file;
    }
  }
  return file;
}

function relative(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(root, file);
  return rel.startsWith('..') ? file : rel.split(path.sep).join('/');
}

function cleanFunctionName(name: string): string | undefined {
  const n = name.replace(/^(Object|Module)\./, '').replace(/^new /, '');
  return n === '<anonymous>' || n === 'Object.<anonymous>' ? undefined : n;
}
