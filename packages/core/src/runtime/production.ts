/**
 * Production mode: the kernel every primitive gets outside `run` (see
 * docs/production.md). The same primitives, with the same ops, on the real event
 * loop and the real clock.
 *
 * How an operation works: JavaScript runs one piece of code at a time, so an op's
 * `perform` runs to completion at once, inside `suspend`, as a Go channel operation
 * runs under its channel's lock. If it completed, the caller gets a settled promise;
 * if it parked, a promise that `wake`/`wakeWithError` settle later. Ops keep their
 * per-call state on a goroutine record (`G`: argument, result, waiter), so a parked
 * op holds its own record; a record whose op completed at once serves the next call,
 * and a woken record goes back to a pool. Records are never freed (Go's runtime keeps
 * its `g`s too): `records` lists them all, and the all-asleep report finds the parked
 * ones there, so parking and waking keep no list of their own.
 *
 * Production mode cannot tell which goroutine is calling (that would take
 * AsyncLocalStorage on every operation), so `current` is one ambient record: enough
 * for `tryLock`, `Shared.value` and the other calls that only need "some goroutine".
 *
 * Invariants:
 * - A record is BLOCKED exactly while its op is parked, and then `resolve` settles
 *   its promise (a failure resolves it with a rejected promise); otherwise it is
 *   RUNNING: the `spare`, `pooled`, in `free`, or performing an op.
 * - Every record is in `records`; `free`, `pooled` and `spare` hold records in no wait queue.
 * - A timer is pending iff its `index` is 0; it never fires before `when` on `clock()`.
 *   `pendingTimers` counts them; `waiting` counts the parked records and the sleeps.
 * - Keep-alive (Go's rule that timers alone do not keep a program running): every
 *   timer is unref'd, and `keepAlive` holds the event loop exactly while
 *   `waiting > 0 && pendingTimers > 0`, when a timer may still wake someone. A timer
 *   nobody can be waiting for (the `after` of a select that took another case) does
 *   not hold the process, and a program whose goroutines all wait for each other
 *   reaches the all-asleep report.
 * - `armed` is true on every kernel exactly while a run is in progress (the guard
 *   against production objects used inside a run costs one field test otherwise).
 * - Everything here is process-wide; the kernels (one per kind of object, for the
 *   wording of errors) share it.
 */
import { isPromiseLike } from './promise-like.ts';
import { BLOCKED, G, RESUME, RUNNING, type Op } from './goroutine.ts';
import { Panic, UsageError } from './errors.ts';
import type { ExitHook, Kernel } from './kernel.ts';
import type { TimerEntry } from './timer-heap.ts';
import type { WaitQueue } from './wait-queue.ts';
import type { DecisionKind, ObjectInfo, WaitReason } from './types.ts';

/** Handed back when an op with no result completes at once: awaiting it allocates nothing. */
const SETTLED = Promise.resolve(undefined);
/** setTimeout's largest delay; longer timers are re-armed until due. */
const MAX_DELAY = 0x7fffffff;
const NOOP = (): undefined => undefined;

// ---- the run in progress -----------------------------------------------------

/** What production mode sees of a run: whether one of its goroutines is running. */
interface ActiveRun {
  readonly current: G | undefined;
}

let activeRun: ActiveRun | undefined;
/** A production timer is firing: what it calls is production code, whatever a run is doing. */
let firing = false;

/** Called by `Runtime.start`: a run is in progress. */
export function enterRun(rt: ActiveRun): void {
  activeRun = rt;
  for (let i = 0; i < kernelList.length; i++) kernelList[i]!.armed = true;
}

/** Called when `rt` ends. */
export function leaveRun(rt: ActiveRun): void {
  if (activeRun !== rt) return;
  activeRun = undefined;
  for (let i = 0; i < kernelList.length; i++) kernelList[i]!.armed = false;
}

/**
 * Whether a goroutine of a run is running now, so that a call on a production
 * object comes from inside that run. (Production code that happens to run between
 * two steps of a run in the same process looks the same: keep the two apart.)
 */
function insideRun(): boolean {
  return activeRun !== undefined && activeRun.current !== undefined && !firing;
}

// ---- process-wide state --------------------------------------------------------

let nextG = 1;
let nextObject = 1;
/** The record `current` returns. */
const ambient = new G(0, undefined, 0, RESUME, NOOP);
ambient.state = RUNNING;
let spare: G | undefined;
/** The record woken last: the next op that parks takes it before `free` (no array traffic in a ping-pong). */
let pooled: G | undefined;
const free: G[] = [];
const records: G[] = [];

function newRecord(): G {
  const g = new G(nextG++, undefined, 0, RESUME, NOOP);
  g.state = RUNNING;
  records.push(g);
  if (records.length === 1) listenForExit();
  return g;
}

/** Returns a parked record to the pool; its promise's resolver is for the caller to call. */
function unpark(g: G): (v: unknown) => void {
  if (g.state !== BLOCKED) throw new Error(`interleave internal error: waking a production operation in state ${g.state}`);
  // With no timer pending the loop is not held whatever `waiting` is (keep-alive invariant).
  if (--waiting === 0 && pendingTimers !== 0) holdLoop();
  const resolve = g.resolve!;
  g.resolve = undefined;
  g.state = RUNNING;
  g.waitReason = undefined;
  g.waitOn = undefined;
  g.arg = undefined;
  if (pooled !== undefined) free.push(pooled);
  pooled = g;
  return resolve;
}

// ---- time ------------------------------------------------------------------------

/** The host's timers and clock, captured at load: a run's virtual ones (virtual-globals.ts) never serve production mode. */
const hostSetTimeout = globalThis.setTimeout;
const hostSetInterval = globalThis.setInterval;
const hostClearInterval = globalThis.clearInterval;
const hostSetImmediate = typeof setImmediate === 'function' ? setImmediate : undefined;
const hostDateNow = Date.now;

const perf = (globalThis as { performance?: { now(): number; timeOrigin?: number } }).performance;
const origin = perf && typeof perf.timeOrigin === 'number' ? perf.timeOrigin : 0;

/** Real time in epoch milliseconds, monotonic (`performance.timeOrigin + performance.now()`). */
const clock: () => number = perf && typeof perf.now === 'function' ? () => origin + performance.now() : () => hostDateNow();

/** A real timer. `index` is 0 while pending, -1 once fired or deleted (as in the virtual heap). */
class RealTimer implements TimerEntry {
  index = 0;
  seq = 0;
  handle: ReturnType<typeof setTimeout> | undefined = undefined;
  constructor(
    public when: number,
    public fire: () => void,
  ) {}
}

/** Pending timers, and parked records plus sleeping goroutines (see the keep-alive invariant). */
let pendingTimers = 0;
let waiting = 0;
let keepAlive: ReturnType<typeof setInterval> | undefined;

/** Holds the event loop exactly while a pending timer may wake a waiting goroutine. Called on every 0 <-> 1 change of either count. */
function holdLoop(): void {
  const hold = waiting > 0 && pendingTimers > 0;
  if (hold && keepAlive === undefined) keepAlive = hostSetInterval(NOOP, MAX_DELAY);
  else if (!hold && keepAlive !== undefined) {
    hostClearInterval(keepAlive);
    keepAlive = undefined;
  }
}

/** A new pending timer. */
function startTimer(t: RealTimer): RealTimer {
  if (++pendingTimers === 1) holdLoop();
  arm(t);
  return t;
}

/** A pending timer fired or was deleted. */
function endTimer(t: RealTimer): void {
  t.index = -1;
  t.handle = undefined;
  if (--pendingTimers === 0) holdLoop();
}

function arm(t: RealTimer): void {
  const left = t.when - clock();
  t.handle = hostSetTimeout(onTimeout, left <= 0 ? 0 : Math.min(Math.ceil(left), MAX_DELAY), t);
  // Node's timers have unref (browsers' are numbers): only `keepAlive` holds the loop.
  (t.handle as { unref?: () => unknown }).unref?.();
}

function onTimeout(t: RealTimer): void {
  if (t.index !== 0) return;
  // Long delays come in steps of MAX_DELAY, and an event loop may run a timer a hair
  // early by this clock: either way, wait for the rest.
  if (t.when > clock()) {
    arm(t);
    return;
  }
  endTimer(t);
  firing = true;
  try {
    t.fire();
  } finally {
    firing = false;
  }
}

function wakeSleeper(resolve: () => void): void {
  if (--waiting === 0) holdLoop();
  resolve();
}

// ---- yielding to the event loop ------------------------------------------------

/** A promise that settles in a later macrotask (setImmediate, else a MessageChannel, else setTimeout). */
const nextMacrotask: () => Promise<void> = ((): (() => Promise<void>) => {
  const immediate = hostSetImmediate;
  if (immediate !== undefined) return () => new Promise<void>((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'function') {
    const waiting: (() => void)[] = [];
    let channel: InstanceType<typeof MessageChannel> | undefined;
    return () =>
      new Promise<void>((resolve) => {
        if (!channel) {
          channel = new MessageChannel();
          // The DOM's MessagePort (where this fallback is for) has `onmessage`; Node's types do not say so.
          (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => waiting.shift()?.();
        }
        waiting.push(resolve);
        channel.port2.postMessage(0);
      });
  }
  return () => new Promise<void>((resolve) => hostSetTimeout(resolve, 0));
})();

// ---- goroutines ------------------------------------------------------------------

function startGoroutine(fn: () => unknown, onExit: ExitHook | undefined): void {
  let r: unknown;
  try {
    r = fn();
  } catch (e) {
    endGoroutine(onExit, true, e);
    return;
  }
  if (!isPromiseLike(r)) endGoroutine(onExit, false, undefined);
  else if (onExit === undefined) r.then(undefined, crash);
  else r.then(() => endGoroutine(onExit, false, undefined), (e: unknown) => endGoroutine(onExit, true, e));
}

/** A body ended (`threw`: with `e`): its exit hook runs as its `finally` would (a panic there replaces the body's). */
function endGoroutine(onExit: ExitHook | undefined, threw: boolean, e: unknown): void {
  if (onExit !== undefined) {
    try {
      onExit.done();
    } catch (d) {
      crash(d);
      return;
    }
  }
  if (threw) crash(e);
}

/**
 * An exception escaped a goroutine: as Go's unrecovered panic ends the program, it
 * is rethrown where nothing can catch it, so Node reports an uncaught exception
 * with the original error (and its stack) and exits.
 */
function crash(e: unknown): void {
  queueMicrotask(() => {
    throw e;
  });
}

// ---- the kernel --------------------------------------------------------------------

/**
 * The kernel of production mode. All instances share the process-wide state above;
 * each names one kind of object, for the error a misplaced call gets.
 */
export class ProductionKernel implements Kernel {
  readonly mon = undefined;
  readonly locations = false;
  /** A run is in progress: calls are checked (see {@link check}). */
  armed: boolean;

  constructor(readonly label: string) {
    this.armed = activeRun !== undefined;
  }

  /**
   * @internal Throws the usage error of a call on this kernel's objects from inside a
   * run. Every entry point of an object calls it first.
   */
  check(): void {
    if (this.armed && insideRun()) throw this.foreign();
  }

  /**
   * @internal A channel's fast path parks the calling op as a plain waiter of `q`
   * (a record as its own waiter, offering `value`, with flags `n`) and returns the
   * promise `wake`/`wakeWithError` settle: `take`, `ownWaiter`, {@link park}
   * and {@link parkedPromise} in one.
   */
  parkIn<T>(q: WaitQueue, value: unknown, n: number, reason: WaitReason, on: ObjectInfo): Promise<T> {
    const g = this.take();
    g.value = value;
    g.n = n;
    q.push(g);
    this.park(g, reason, on);
    return this.parkedPromise(g);
  }

  /** A record for an op that parks now: the one woken last, else one from `free`, else a new one. */
  private take(): G {
    const g = pooled;
    if (g === undefined) return free.pop() ?? newRecord();
    pooled = undefined;
    return g;
  }

  /** @internal The promise of a record just parked, settled by `wake`/`wakeWithError`. */
  parkedPromise<T>(g: G): Promise<T> {
    // A closure per park, not a shared executor writing a module variable (as a run's
    // `pendingFor` does to save memory): V8 inlines an executor it can see, and the
    // production ping-pong measured 0.41 -> 0.48 of the baton's round trips (CPU time,
    // median of 41 rounds). Production keeps few parked records, so speed wins here.
    return new Promise<T>((resolve) => {
      g.resolve = resolve as (v: unknown) => void;
    });
  }

  /** The ambient goroutine record (production cannot tell which goroutine calls). */
  get current(): G {
    if (this.armed && insideRun()) throw this.foreign();
    return ambient;
  }

  /** Real time: epoch milliseconds, monotonic. */
  get nowMs(): number {
    return clock();
  }

  newObjectId(): number {
    return nextObject++;
  }

  spawn(fn: () => unknown, _name?: string, onExit?: ExitHook): number {
    queueMicrotask(() => startGoroutine(fn, onExit));
    return nextG++;
  }

  suspend<T>(op: Op, arg?: unknown): Promise<T> {
    if (this.armed && insideRun()) throw this.foreign();
    const g = spare ?? newRecord();
    spare = g;
    g.arg = arg;
    if (op.perform(g)) {
      if (g.failed) {
        const e = g.error;
        g.failed = false;
        g.arg = undefined;
        return Promise.reject(e);
      }
      const r = g.result;
      g.result = undefined;
      return (r === undefined ? SETTLED : Promise.resolve(r)) as Promise<T>;
    }
    spare = this.take();
    return this.parkedPromise(g);
  }

  siteOf(): undefined {
    return undefined;
  }

  park(g: G, reason: WaitReason, on: ObjectInfo | readonly ObjectInfo[] | undefined): false {
    g.state = BLOCKED;
    if (++waiting === 1 && pendingTimers !== 0) holdLoop();
    g.waitReason = reason;
    g.waitOn = on;
    return false;
  }

  wake(g: G, result?: unknown): void {
    unpark(g)(result);
  }

  /** Settles the parked op's promise as rejected with `error` (resolving it with a rejected promise does that). */
  wakeWithError(g: G, error: unknown): void {
    unpark(g)(Promise.reject(error));
  }

  /** Yields to the event loop: timers and I/O callbacks run before the caller goes on. */
  gosched(): Promise<void> {
    return nextMacrotask();
  }

  /** A fatal error in production: a `Panic` (there is no run to end). */
  fatal(message: string): never {
    throw new Panic(message);
  }

  sleep(ms: number): Promise<void> {
    if (!(ms > 0)) return SETTLED;
    const when = clock() + ms;
    if (++waiting === 1) holdLoop();
    return new Promise<void>((resolve) => startTimer(new RealTimer(when, () => wakeSleeper(resolve))));
  }

  countAccess(): void {}

  /** Uniformly random, as Go's `select` and `rand`. */
  decide(_kind: DecisionKind, options: number): number {
    return Math.floor(Math.random() * options);
  }

  addTimer(when: number, fire: () => void): TimerEntry {
    if (this.armed && insideRun()) throw this.foreign();
    return startTimer(new RealTimer(when, fire));
  }

  deleteTimer(entry: TimerEntry): boolean {
    if (this.armed && insideRun()) throw this.foreign();
    const t = entry as RealTimer;
    if (t.index !== 0) return false;
    clearTimeout(t.handle);
    endTimer(t);
    return true;
  }

  /** @internal The error of a call on this kernel's objects from inside a run. */
  foreign(): UsageError {
    return new UsageError(
      `${this.label} created outside run() used inside a run: create every object inside the program ` +
        '(an object made at module level, or before run() or explore() was called, belongs to production mode and to no run)',
    );
  }
}

const kernels = new Map<string, ProductionKernel>();
/** The same kernels, for `enterRun`/`leaveRun` (no iterator per run). */
const kernelList: ProductionKernel[] = [];

/**
 * The production kernel for objects made by `api` (`'chan()'`, `'new Mutex()'`, ...),
 * which names them in errors.
 *
 * @example
 * ```ts
 * const rt = productionKernel('new Mutex()'); // rt.label === 'Mutex'
 * ```
 */
export function productionKernel(api: string): ProductionKernel {
  let k = kernels.get(api);
  if (k === undefined) {
    k = new ProductionKernel(api.replace(/^new /, '').replace(/\(\)$/, ''));
    kernels.set(api, k);
    kernelList.push(k);
  }
  return k;
}

/**
 * Whether `k` is production mode's.
 *
 * @example
 * ```ts
 * if (isProduction(ch.rt) && !isProduction(rt)) throw new UsageError('...');
 * ```
 */
export function isProduction(k: Kernel): k is ProductionKernel {
  return k instanceof ProductionKernel;
}

/**
 * Throws the error of an object of production mode (whose kernel is `objectKernel`)
 * used through a run's kernel `rt`, if that is what happens; `api` names the object
 * when its kernel's label would not (an ErrGroup's WaitGroup).
 *
 * @example
 * ```ts
 * if (c.ch.rt !== rt) checkSameMode(c.ch.rt, rt);
 * ```
 */
export function checkSameMode(objectKernel: Kernel, rt: Kernel, api?: string): void {
  if (isProduction(objectKernel) && !isProduction(rt)) throw (api === undefined ? objectKernel : productionKernel(api)).foreign();
}

// ---- all goroutines asleep -----------------------------------------------------------

/**
 * One operation parked when the event loop ran out of work.
 *
 * @example
 * ```ts
 * onAllAsleep((r) => { for (const op of r.parked) console.error(op.reason, op.objects.map((o) => o.name ?? o.kind)); });
 * ```
 */
export interface ParkedOperation {
  /** What it waits for, in Go's words (`chan receive`, `sync.Mutex.Lock`, ...). */
  readonly reason: WaitReason;
  /** The objects it waits on (several for a `select`, none for an empty one). */
  readonly objects: readonly ObjectInfo[];
}

/**
 * What {@link onAllAsleep}'s handler gets.
 *
 * @example
 * ```ts
 * onAllAsleep((report) => { logger.fatal(report.text); process.exitCode = 2; });
 * ```
 */
export interface AllAsleepReport {
  /** The Go-style report the default handler prints. */
  readonly text: string;
  /** Every operation parked for good. */
  readonly parked: readonly ParkedOperation[];
}

/**
 * A handler of the all-asleep condition (see {@link onAllAsleep}).
 *
 * @example
 * ```ts
 * const quiet: AllAsleepHandler = (r) => { console.warn(`${r.parked.length} goroutines still parked`); };
 * onAllAsleep(quiet);
 * ```
 */
export type AllAsleepHandler = (report: AllAsleepReport) => void;

interface ProcessLike {
  exitCode?: number | string | undefined;
  on?(event: 'beforeExit', listener: () => void): unknown;
  stderr?: { write(text: string): unknown };
}

function processObject(): ProcessLike | undefined {
  const p = (globalThis as { process?: ProcessLike }).process;
  return typeof p === 'object' && p !== null ? p : undefined;
}

/** Prints the report to stderr and makes the exit code 2 (Go's, for a fatal error) if it was 0. */
const printReport: AllAsleepHandler = (report) => {
  const p = processObject();
  if (p?.stderr) p.stderr.write(report.text);
  else console.error(report.text);
  if (p && (p.exitCode === undefined || p.exitCode === 0 || p.exitCode === '0')) p.exitCode = 2;
};

let handler: AllAsleepHandler | undefined = printReport;

/**
 * Sets what happens when the event loop runs out of work (Node's `beforeExit`)
 * while production-mode goroutines are parked forever: Go's `fatal error: all
 * goroutines are asleep - deadlock!`. The default handler prints a report to stderr
 * and sets `process.exitCode` to 2 if it was 0. `undefined` turns the check off, for
 * a program that leaves goroutines parked at exit on purpose. Returns the handler
 * that was set, so it can be put back. Only production mode is concerned: a run
 * reports its own deadlocks as findings. (Outside Node, nothing calls the handler.)
 *
 * @example
 * ```ts
 * import { onAllAsleep } from '@interleave/core';
 * onAllAsleep(undefined); // workers stay parked on their job channel when main is done
 * // or: onAllAsleep((r) => { logger.fatal(r.text); process.exitCode = 3; });
 * ```
 */
export function onAllAsleep(next: AllAsleepHandler | undefined): AllAsleepHandler | undefined {
  const previous = handler;
  handler = next;
  return previous;
}

function listenForExit(): void {
  const p = processObject();
  if (typeof p?.on === 'function') p.on('beforeExit', onLoopEmpty);
}

/** The parked records of the last report: the next one is made only if they changed. */
let reported = '';

function onLoopEmpty(): void {
  const parked = parkedRecords();
  if (parked.length === 0 || handler === undefined) return;
  const key = parked.map((g) => g.id).join(',');
  if (key === reported) return;
  reported = key;
  handler(allAsleepReport());
}

function parkedRecords(): G[] {
  return records.filter((g) => g.state === BLOCKED);
}

function objectsOf(g: G): readonly ObjectInfo[] {
  const on = g.waitOn;
  return on === undefined ? [] : Array.isArray(on) ? (on as readonly ObjectInfo[]) : [on as ObjectInfo];
}

function describeObject(o: ObjectInfo): string {
  return `${o.kind}#${o.id}${o.name !== undefined ? ` '${o.name}'` : ''}`;
}

/**
 * The report of the operations parked now, as the default handler prints it.
 *
 * @example
 * ```ts
 * allAsleepReport().text; // 'fatal error: all goroutines are asleep - deadlock!\n...'
 * ```
 */
export function allAsleepReport(): AllAsleepReport {
  const ops: ParkedOperation[] = [];
  const lines = new Map<string, number>();
  for (const g of parkedRecords()) {
    const op: ParkedOperation = { reason: g.waitReason!, objects: objectsOf(g) };
    ops.push(op);
    const line = `[${op.reason}]${op.objects.length ? ` on ${op.objects.map(describeObject).join(', ')}` : ''}`;
    lines.set(line, (lines.get(line) ?? 0) + 1);
  }
  const n = ops.length;
  const body = [...lines].map(([line, count]) => `  ${line}${count > 1 ? ` (x${count})` : ''}`).join('\n');
  const text =
    'fatal error: all goroutines are asleep - deadlock!\n\n' +
    `The event loop has no more work and ${n} goroutine operation${n === 1 ? '' : 's'} wait${n === 1 ? 's' : ''} forever:\n${body}\n\n` +
    'Production mode keeps no source locations or goroutine ids: run the program under run() or explore() ' +
    '(@interleave/core, @interleave/explorer) for the full goroutine dump, with where each goroutine was created and where it waits.\n' +
    'If goroutines are meant to stay parked at exit, turn this report off with onAllAsleep(undefined).\n';
  return { text, parked: ops };
}

/**
 * Operations parked now (for tests: a test that leaves none behind cannot upset the next).
 *
 * @example
 * ```ts
 * expect(parkedCount()).toBe(0);
 * ```
 */
export function parkedCount(): number {
  return parkedRecords().length;
}
