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

const INTERNAL = /[\\/]packages[\\/](core|explorer|race-detector|vitest)[\\/](src|dist)[\\/]|[\\/]node_modules[\\/]|^node:|^internal[\\/]/;
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
  const host = Error.prepareStackTrace;
  // A host formatter (vitest's, mapping positions to sources) gets copies of the
  // call sites when copies format the same: the originals hold each frame's receiver
  // and function (a channel, a goroutine's body), and vitest's formatter sometimes
  // keeps them, which would keep those alive through a stuck check.
  if (host !== undefined && copiesFormatAlike(host)) Error.prepareStackTrace = (error, sites) => host(error, sites.map(detachedSite));
  try {
    return firstUserFrame(new Error().stack ?? '');
  } finally {
    Error.prepareStackTrace = host;
    Error.stackTraceLimit = limit;
  }
}

/** Per host formatter: whether it formats copied call sites as it formats the originals. */
const formatsCopies = new WeakMap<object, boolean>();

function copiesFormatAlike(host: NonNullable<typeof Error.prepareStackTrace>): boolean {
  let alike = formatsCopies.get(host);
  if (alike === undefined) {
    let copied = '';
    Error.prepareStackTrace = (error, sites) => {
      copied = String(host(error, sites.map(detachedSite)));
      return host(error, sites);
    };
    const original = String(probeStack());
    Error.prepareStackTrace = host;
    alike = copied === original;
    formatsCopies.set(host, alike);
  }
  return alike;
}

function probeStack(): string | undefined {
  return new Error('interleave: location probe').stack;
}

/** A call site's position and names, without its receiver or function. */
function detachedSite(site: NodeJS.CallSite): NodeJS.CallSite {
  return new DetachedSite(site) as unknown as NodeJS.CallSite;
}

/**
 * A copy of a V8 call site. Its methods live on the prototype, as V8's do:
 * formatters copy them from there (source-map-support's `wrapCallSite`).
 */
class DetachedSite {
  private readonly file: string | null;
  private readonly line: number | null;
  private readonly col: number | null;
  private readonly fn: string | null;
  private readonly type: string | null;
  private readonly method: string | null;
  private readonly evalOrigin: string | undefined;
  private readonly script: string | null;
  private readonly flags: { toplevel: boolean; eval: boolean; native: boolean; ctor: boolean; async: boolean };
  private readonly text: string;

  constructor(site: NodeJS.CallSite) {
    this.file = site.getFileName() ?? null;
    this.line = site.getLineNumber();
    this.col = site.getColumnNumber();
    this.fn = site.getFunctionName();
    this.type = site.getTypeName();
    this.method = site.getMethodName();
    this.evalOrigin = site.getEvalOrigin();
    this.script = (site.getScriptNameOrSourceURL() as string | undefined) ?? null;
    const async = (site as { isAsync?: () => boolean }).isAsync?.() ?? false;
    this.flags = { toplevel: site.isToplevel(), eval: site.isEval(), native: site.isNative(), ctor: site.isConstructor(), async };
    this.text = site.toString();
  }

  getThis(): undefined {
    return undefined;
  }
  getFunction(): undefined {
    return undefined;
  }
  getTypeName(): string | null {
    return this.type;
  }
  getFunctionName(): string | null {
    return this.fn;
  }
  getMethodName(): string | null {
    return this.method;
  }
  getFileName(): string | null {
    return this.file;
  }
  getLineNumber(): number | null {
    return this.line;
  }
  getColumnNumber(): number | null {
    return this.col;
  }
  getEvalOrigin(): string | undefined {
    return this.evalOrigin;
  }
  getScriptNameOrSourceURL(): string | null {
    return this.script;
  }
  isToplevel(): boolean {
    return this.flags.toplevel;
  }
  isEval(): boolean {
    return this.flags.eval;
  }
  isNative(): boolean {
    return this.flags.native;
  }
  isConstructor(): boolean {
    return this.flags.ctor;
  }
  isAsync(): boolean {
    return this.flags.async;
  }
  isPromiseAll(): boolean {
    return false;
  }
  getPromiseIndex(): null {
    return null;
  }
  toString(): string {
    return this.text;
  }
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
