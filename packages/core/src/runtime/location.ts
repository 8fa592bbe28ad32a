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
  // Locations are relative to the root: the formatted ones no longer hold.
  if (dir !== root) mapped = new WeakMap();
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
  const host = Error.prepareStackTrace;
  if (boundary !== undefined) {
    // Inside a user access (see accessEntry): only the frames below it, which start
    // with the user's, are made: first as many as a `Shared`'s accessor needs, then
    // more. Not found there: the whole stack, as always. (Each frame made is about a
    // fifth of a capture's cost; a shorter capture is a prefix of a longer one.)
    for (const limit of BELOW_LIMITS) {
      const below = callSites(limit, boundary);
      const at = below.findIndex(isUserSite);
      // Found with its caller, or the user's frame is the stack's last (a job's first
      // frame: a stack shorter than the limit was not cut, so it has no caller to find).
      if (at >= 0 && (at < below.length - 1 || below.length < limit)) return hostFormatted(host ?? V8_FORMAT, below.slice(at, at + 2));
      if (below.length < limit) break;
    }
  }
  let sites = callSites(SHORT_STACK);
  let at = sites.findIndex(isUserSite);
  // Not found, or found without its caller, in a stack the limit cut: look deeper.
  if (sites.length === SHORT_STACK && (at < 0 || at === sites.length - 1)) {
    sites = callSites(LONG_STACK);
    at = sites.findIndex(isUserSite);
  }
  if (at < 0) return undefined;
  return hostFormatted(host ?? V8_FORMAT, sites.slice(at, at + 2));
}

const SHORT_STACK = 6;
const LONG_STACK = 40;
/** Below a boundary: an accessor frame (`Shared`'s `value`) or two, the user's frame and its caller. */
const BELOW_LIMITS = [3, 4] as const;

/**
 * The function whose frame is the entry from user code into the access being made
 * (`Shared.touch`), while it tells monitors; undefined outside one.
 */
let boundary: ((...args: never[]) => unknown) | undefined;

/**
 * Marks the start (`entry`: a function whose frame is on the stack now, the first
 * of interleave's below the user's) or, given what it returned, the end of an
 * access made from user code. A {@link captureSite} in between walks only the
 * frames below `entry`: the same location as a walk of the whole stack, since every
 * frame between `entry` and the capture is interleave's own (the monitors told of
 * the access), at a third of the cost (four frames made instead of twelve).
 *
 * @example
 * ```ts
 * const outer = accessEntry(Shared.prototype.touch);
 * try {
 *   mon.access(g.id, info, write, false, undefined);
 * } finally {
 *   accessEntry(outer);
 * }
 * ```
 */
export function accessEntry(entry: ((...args: never[]) => unknown) | undefined): ((...args: never[]) => unknown) | undefined {
  const outer = boundary;
  boundary = entry;
  return outer;
}

/**
 * The frames above `captureSite`'s caller (or below `from`'s frame) as V8's call
 * sites (no text for the whole stack); none when `from` is not on the stack.
 */
function callSites(limit: number, from: (...args: never[]) => unknown = captureSite): readonly NodeJS.CallSite[] {
  const before = Error.stackTraceLimit;
  const host = Error.prepareStackTrace;
  Error.stackTraceLimit = limit;
  try {
    Error.prepareStackTrace = structured;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, from);
    return holder.stack as readonly NodeJS.CallSite[];
  } finally {
    Error.prepareStackTrace = host;
    Error.stackTraceLimit = before;
  }
}

type HostFormatter = NonNullable<typeof Error.prepareStackTrace>;

/** Stands for V8's own formatting (no host formatter): a frame as `CallSite.toString` writes it. */
const V8_FORMAT: HostFormatter = (_error, sites) => sites.map((site) => `    at ${site.toString()}`).join('\n');

/**
 * Per host formatter, the location it gives each user frame (by the frame's and
 * its caller's generated positions). Formatting maps positions through source
 * maps (microseconds a frame); a position maps the same way for the life of a
 * process (its modules do not change under it: vitest's watch mode re-runs in
 * fresh workers), so each is formatted once (again when the root changes).
 */
let mapped = new WeakMap<HostFormatter, Map<string, SourceLocation | undefined>>();
const MAPPED_MAX = 50_000;

/**
 * The user's frame `shown[0]` as a host formatter (vitest's, mapping positions
 * to sources) writes it, given the frame and its caller (source-map formatters
 * name a frame from its caller's position). The formatter gets copies of the
 * call sites when copies format the same: the originals hold each frame's
 * receiver and function (a channel, a goroutine's body), and vitest's formatter
 * sometimes keeps them, which would keep those alive through a stuck check.
 */
function hostFormatted(host: HostFormatter, shown: readonly NodeJS.CallSite[]): SourceLocation | undefined {
  let memo = mapped.get(host);
  if (memo === undefined) mapped.set(host, (memo = new Map()));
  // V8's own formatting writes the user's frame from that frame alone.
  const key = host === V8_FORMAT ? positionKey(shown[0]!) : shown.map(positionKey).join('|');
  if (memo.has(key)) return copy(memo.get(key));
  const text = host === V8_FORMAT ? `    at ${shown[0]!.toString()}` : String(host(HOST_ERROR, copiesFormatAlike(host) ? shown.map(detachedSite) : [...shown]));
  const site = firstUserFrame(text);
  if (memo.size >= MAPPED_MAX) memo.clear();
  memo.set(key, site);
  return copy(site);
}

function positionKey(site: NodeJS.CallSite): string {
  const flags = `${Number(site.isToplevel())}${Number(site.isConstructor())}${Number((site as { isAsync?: () => boolean }).isAsync?.() ?? false)}`;
  return `${site.getFileName()}:${site.getLineNumber()}:${site.getColumnNumber()}:${site.getFunctionName()}:${site.getTypeName()}:${site.getMethodName()}:${flags}`;
}

/** A fresh copy (callers may keep or change the locations they get). */
function copy(site: SourceLocation | undefined): SourceLocation | undefined {
  return site === undefined ? undefined : { ...site };
}

/** A frame with a position (not native, not `Promise.all`) outside interleave, node and node_modules. */
function isUserSite(site: NodeJS.CallSite): boolean {
  const file = site.getFileName();
  if (file === undefined || file === null || site.getLineNumber() === null) return false;
  let user = userFiles.get(file);
  if (user === undefined) {
    user = !INTERNAL.test(normalize(file));
    if (userFiles.size >= MAPPED_MAX) userFiles.clear();
    userFiles.set(file, user);
  }
  return user;
}

/** Per file name as V8 gives it, whether it is the user's (converting a `file:` URL costs microseconds). */
const userFiles = new Map<string, boolean>();

/** The error a host formatter formats the user's frame for (its own stack is never read). */
const HOST_ERROR = new Error();

const structured = (_error: Error, sites: NodeJS.CallSite[]): NodeJS.CallSite[] => sites;

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
