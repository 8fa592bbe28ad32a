/**
 * The host's clock and timers, virtual inside a run (issue 16): `setTimeout`,
 * `setInterval`, `setImmediate` and their `clear*`, `Date` and `Date.now`,
 * `AbortSignal.timeout`, and the same functions of `node:timers` and
 * `node:timers/promises` (`setTimeout`, `setImmediate`, `setInterval`,
 * `scheduler.wait`, `scheduler.yield`) use the run's virtual clock.
 *
 * - A timer callback runs as Go's `time.AfterFunc` does: in a goroutine of its own
 *   (`setTimeout callback`, ...), created by the goroutine that armed it at the line
 *   of the call; the arming happens before the callback (a race-detector edge).
 *   Callbacks due at the same instant are a `timer` decision, as every timer's.
 * - `node:timers/promises` functions awaited by a goroutine are scheduling points
 *   (they park it on the virtual clock, as `sleep` does; an `AbortSignal` wakes it
 *   with Node's `AbortError`).
 * - `Date` reads {@link VIRTUAL_EPOCH_MS} plus the run's virtual milliseconds.
 * - Called with no goroutine running (host code between two steps), every one of
 *   them is what the host had before the run: the host's own timers stay real.
 * - `queueMicrotask` and `process.nextTick` stay the host's (Node's order of jobs),
 *   but a callback queued by a goroutine's code runs as that goroutine's code, as a
 *   promise job of it does (async-context.ts: no promise hook sees these callbacks).
 *
 * Invariants:
 * - {@link installVirtualGlobals} and {@link restoreGlobals} bracket a run: every
 *   way a run ends puts back what was there when it started (a fake the test
 *   installed stays), on `globalThis`, on `AbortSignal`, on the two modules' export
 *   objects and on `scheduler`. Host calls during the run get those values too.
 * - ESM named imports of the two modules (`import { setTimeout } from
 *   'node:timers/promises'`) are bound, from the first run on, to functions that are
 *   the originals outside a run (syncing builtin ESM exports costs about 40 µs, too
 *   much for every run of an exploration).
 */
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { owning, runJobOf } from './async-context.ts';
import { captureSite } from './location.ts';
import type { G, Op } from './goroutine.ts';
import type { TimerEntry } from './timer-heap.ts';
import type { ObjectInfo, SourceLocation } from './types.ts';

/**
 * What `Date.now()` reads inside a run at virtual time 0: 2000-01-01T00:00:00.000Z
 * (then plus the run's virtual milliseconds).
 *
 * @example
 * ```ts
 * import { run, sleep, VIRTUAL_EPOCH_MS } from '@interleave/core';
 * await run(async () => {
 *   await sleep(1500);
 *   Date.now() === VIRTUAL_EPOCH_MS + 1500; // true
 *   new Date().toISOString();               // '2000-01-01T00:00:01.500Z'
 * });
 * ```
 */
export const VIRTUAL_EPOCH_MS = 946_684_800_000;

/** chan.ts's TIMER_SLOT: the slot of a timer's arming in race-detector edges. */
const ARMING_SLOT = -2;
/** Node's largest timer delay; a delay outside [1, TIMEOUT_MAX] is 1 ms, as in Node. */
const TIMEOUT_MAX = 2 ** 31 - 1;

/** What the virtual globals need of the run in progress (a `Runtime`). */
export interface VirtualHost {
  readonly current: G | undefined;
  readonly nowMs: number;
  readonly locations: boolean;
  readonly mon: { sync(g: number, object: ObjectInfo, slot: number, mode: 'acquire' | 'release'): void } | undefined;
  newObjectId(): number;
  addTimer(when: number, fire: () => void): TimerEntry;
  deleteTimer(t: TimerEntry): boolean;
  /** Starts a timer callback as a goroutine created by `parent` at `site`. */
  spawnCallback(fn: () => unknown, name: string, parent: number, site: SourceLocation | undefined): number;
  suspend<T>(op: Op, arg?: unknown): Promise<T>;
  park(g: G, reason: 'sleep', on: ObjectInfo): false;
  wake(g: G, result?: unknown): void;
  wakeWithError(g: G, error: unknown): void;
}

let host: VirtualHost | undefined;
/** The run's timers whose id was asked for (emptied at the end of the run). */
const byId = new Map<number, VirtualTimer>();

// ---- the originals, captured at load -------------------------------------------------

const real = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  clearImmediate: globalThis.clearImmediate,
  Date: globalThis.Date,
  abortTimeout: AbortSignal.timeout.bind(AbortSignal),
};
const timerExports = { ...(timers as unknown as Record<string, unknown>) };
const promiseExports = {
  setTimeout: timersPromises.setTimeout,
  setImmediate: timersPromises.setImmediate,
  setInterval: timersPromises.setInterval,
};
const realScheduler = { wait: timersPromises.scheduler.wait, yield: timersPromises.scheduler.yield };
const realJobs = { queueMicrotask: globalThis.queueMicrotask, nextTick: process.nextTick };
const RealDate = real.Date;

/** The running goroutine of the run in progress, if a call now comes from one. */
function caller(): { rt: VirtualHost; g: G } | undefined {
  const rt = host;
  const g = rt?.current;
  return rt === undefined || g === undefined ? undefined : { rt, g };
}

// ---- callback timers -----------------------------------------------------------------

type Callback = (...args: unknown[]) => unknown;

/** A virtual timer, what `setTimeout`, `setInterval` and `setImmediate` return inside a run (Node's `Timeout`/`Immediate` methods). */
class VirtualTimer {
  private entry: TimerEntry | undefined;
  private readonly info: ObjectInfo;

  constructor(
    private readonly rt: VirtualHost,
    private readonly api: 'setTimeout' | 'setInterval' | 'setImmediate',
    private readonly callback: Callback,
    private readonly args: unknown[],
    private readonly delay: number,
    private readonly parent: G,
    private readonly site: SourceLocation | undefined,
  ) {
    this.info = { id: rt.newObjectId(), kind: 'timer', name: api };
    this.arm();
  }

  private arm(): void {
    const rt = this.rt;
    rt.mon?.sync(this.parent.id, this.info, ARMING_SLOT, 'release');
    this.entry = rt.addTimer(rt.nowMs + this.delay, () => this.fire());
  }

  private fire(): void {
    const rt = this.rt;
    if (this.api === 'setInterval') this.arm();
    else this.entry = undefined;
    const id = rt.spawnCallback(() => Reflect.apply(this.callback, this, this.args), `${this.api} callback`, this.parent.id, this.site);
    rt.mon?.sync(id, this.info, ARMING_SLOT, 'acquire');
  }

  /** Cancels it; what the `clear*` functions do. */
  close(): this {
    if (this.entry !== undefined && host === this.rt) this.rt.deleteTimer(this.entry);
    this.entry = undefined;
    return this;
  }

  /** Node's `timeout.refresh()`: re-armed `delay` from now. */
  refresh(): this {
    if (this.entry !== undefined && host === this.rt) {
      this.rt.deleteTimer(this.entry);
      this.arm();
    }
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  hasRef(): boolean {
    return true;
  }

  /** Its id; `clearTimeout(id)` clears it too (as Node's, for the run's own timers only). */
  [Symbol.toPrimitive](): number {
    byId.set(this.info.id, this);
    return this.info.id;
  }
}

/** Node's coercion of a delay: a number in [1, TIMEOUT_MAX], else 1. */
function nodeDelay(ms: unknown): number {
  const d = Number(ms);
  return d >= 1 && d <= TIMEOUT_MAX ? d : 1;
}

function callbackTimer(api: 'setTimeout' | 'setInterval' | 'setImmediate'): Callback {
  const at = api === 'setImmediate' ? 1 : 2;
  return function virtualTimer(this: unknown, ...a: unknown[]): unknown {
    const from = caller();
    if (from === undefined || typeof a[0] !== 'function') return Reflect.apply(hostGlobal(api), this, a);
    const delay = api === 'setImmediate' ? 0 : nodeDelay(a[1]);
    const site = from.rt.locations ? captureSite() : undefined;
    return new VirtualTimer(from.rt, api, a[0] as Callback, a.slice(at), delay, from.g, site);
  };
}

function clearTimer(api: 'clearTimeout' | 'clearInterval' | 'clearImmediate'): Callback {
  return function virtualClear(this: unknown, t: unknown): unknown {
    const own = t instanceof VirtualTimer ? t : typeof t === 'number' || typeof t === 'string' ? byId.get(Number(t)) : undefined;
    if (own !== undefined) {
      own.close();
      return undefined;
    }
    return Reflect.apply(hostGlobal(api), this, [t]);
  };
}

// ---- Date ----------------------------------------------------------------------------

function virtualNow(): number {
  const rt = host;
  return rt === undefined ? RealDate.now() : VIRTUAL_EPOCH_MS + rt.nowMs;
}

/** `Date` with the virtual clock: `new Date()` and `Date()` read it; every other form is the original's. */
const VirtualDate = new Proxy(RealDate, {
  construct(target, args: unknown[], newTarget: (...a: unknown[]) => unknown) {
    return Reflect.construct(target, args.length === 0 ? [virtualNow()] : args, newTarget) as object;
  },
  apply() {
    return new RealDate(virtualNow()).toString();
  },
  get(target, key, receiver) {
    if (key === 'now') return virtualNow;
    return Reflect.get(target, key, receiver) as unknown;
  },
});

// ---- node:timers/promises ------------------------------------------------------------

interface Wait {
  ms: number;
  value: unknown;
  signal: AbortSignal | undefined;
}

function abortError(signal: AbortSignal): Error {
  const e = new Error('The operation was aborted', { cause: signal.reason });
  e.name = 'AbortError';
  (e as Error & { code: string }).code = 'ABORT_ERR';
  return e;
}

const WAIT_INFO: ObjectInfo = Object.freeze({ id: 0, kind: 'timer', name: 'timers/promises' });

/** Parks the goroutine until the virtual timer fires (with the value) or the signal aborts (with an AbortError). */
const WAIT: Op = {
  kind: 'sleep',
  object: 0,
  perform(g: G): boolean {
    const w = g.arg as Wait;
    const rt = host!;
    if (w.signal?.aborted) {
      g.error = abortError(w.signal);
      return true;
    }
    let settled = false;
    const onAbort = (): void => {
      if (settled || host !== rt) return;
      settled = true;
      rt.deleteTimer(entry);
      rt.wakeWithError(g, abortError(w.signal!));
    };
    const entry = rt.addTimer(rt.nowMs + w.ms, () => {
      settled = true;
      w.signal?.removeEventListener('abort', onAbort);
      rt.wake(g, w.value);
    });
    w.signal?.addEventListener('abort', onAbort, { once: true });
    return rt.park(g, 'sleep', WAIT_INFO);
  },
};

function wait(ms: number, value: unknown, options: unknown): Promise<unknown> | undefined {
  const from = caller();
  if (from === undefined) return undefined;
  const signal = (options as { signal?: AbortSignal } | undefined)?.signal;
  return from.rt.suspend(WAIT, { ms, value, signal } satisfies Wait);
}

function promiseTimeout(ms?: unknown, value?: unknown, options?: unknown): Promise<unknown> {
  return wait(nodeDelay(ms), value, options) ?? promiseExports.setTimeout(ms as number, value, options as never);
}

function promiseImmediate(value?: unknown, options?: unknown): Promise<unknown> {
  return wait(0, value, options) ?? promiseExports.setImmediate(value, options as never);
}

function promiseInterval(ms?: unknown, value?: unknown, options?: unknown): AsyncIterable<unknown> {
  if (caller() === undefined) return promiseExports.setInterval(ms as number, value, options as never);
  const delay = nodeDelay(ms);
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) yield await promiseTimeout(delay, value, options);
    },
  };
}

const virtualScheduler = {
  wait(ms: number, options?: unknown): Promise<void> {
    return (wait(nodeDelay(ms), undefined, options) as Promise<void> | undefined) ?? realScheduler.wait.call(timersPromises.scheduler, ms, options as never);
  },
  yield(): Promise<void> {
    return (wait(0, undefined, undefined) as Promise<void> | undefined) ?? realScheduler.yield.call(timersPromises.scheduler);
  },
};

// ---- AbortSignal.timeout -------------------------------------------------------------

function virtualAbortTimeout(ms: number): AbortSignal {
  const from = caller();
  if (from === undefined) return real.abortTimeout(ms);
  const controller = new AbortController();
  const rt = from.rt;
  rt.addTimer(rt.nowMs + Math.max(0, Number(ms) || 0), () => {
    const e = new Error('The operation was aborted due to timeout');
    e.name = 'TimeoutError';
    controller.abort(e);
  });
  return controller.signal;
}

// ---- microtasks and ticks queued by a goroutine --------------------------------------

type JobName = keyof typeof realJobs;

/** `queueMicrotask` or `process.nextTick` inside a run: the host's, the callback run as the code that queued it. */
function ownedJobs(name: JobName): Callback {
  return function queue(this: unknown, callback: unknown, ...args: unknown[]): unknown {
    const hostQueue = hostJobs(name);
    const g = owning();
    if (g === undefined || typeof callback !== 'function') return hostQueue.call(this, callback, ...args);
    return hostQueue.call(this, () => runJobOf(g, () => void (callback as Callback)(...args)));
  };
}

const jobs = { queueMicrotask: ownedJobs('queueMicrotask'), nextTick: ownedJobs('nextTick') };

// ---- install / restore ---------------------------------------------------------------

const virtual = {
  setTimeout: callbackTimer('setTimeout'),
  clearTimeout: clearTimer('clearTimeout'),
  setInterval: callbackTimer('setInterval'),
  clearInterval: clearTimer('clearInterval'),
  setImmediate: callbackTimer('setImmediate'),
  clearImmediate: clearTimer('clearImmediate'),
};
type TimerName = keyof typeof virtual;
const TIMER_NAMES = Object.keys(virtual) as TimerName[];

/**
 * The functions ESM named imports of the two modules are bound to from the first
 * run on: the virtual ones inside a run, the originals outside.
 */
function dispatcher<F extends Callback>(inside: F, outside: F): F {
  return function dispatch(this: unknown, ...a: unknown[]): unknown {
    return (host !== undefined ? inside : outside).apply(this, a);
  } as F;
}

let esmBound = false;
const timersObject = timers as unknown as Record<string, unknown>;
const promisesObject = timersPromises as unknown as Record<string, unknown>;

/** Binds the ESM named exports of the two modules to dispatchers (once per process). */
function bindEsmOnce(): void {
  if (esmBound) return;
  esmBound = true;
  for (const name of TIMER_NAMES) timersObject[name] = dispatcher(virtual[name], timerExports[name] as Callback);
  promisesObject.setTimeout = dispatcher(promiseTimeout as Callback, promiseExports.setTimeout as unknown as Callback);
  promisesObject.setImmediate = dispatcher(promiseImmediate as Callback, promiseExports.setImmediate as unknown as Callback);
  promisesObject.setInterval = dispatcher(promiseInterval as Callback, promiseExports.setInterval as unknown as Callback);
  syncBuiltinESMExports();
  // The export objects (CommonJS, and ESM default imports) get their originals back; the named ESM bindings keep the dispatchers.
  for (const name of TIMER_NAMES) timersObject[name] = timerExports[name];
  promisesObject.setTimeout = promiseExports.setTimeout;
  promisesObject.setImmediate = promiseExports.setImmediate;
  promisesObject.setInterval = promiseExports.setInterval;
}

const globals = globalThis as unknown as Record<string, unknown>;
const schedulerObject = timersPromises.scheduler as unknown as Record<string, unknown>;

/** A property a run replaces: on which object, under which key, with what. */
interface Slot {
  readonly on: Record<string, unknown>;
  readonly key: string;
  readonly value: unknown;
}

const SLOTS: readonly Slot[] = [
  ...TIMER_NAMES.flatMap((name) => [
    { on: globals, key: name, value: virtual[name] },
    { on: timersObject, key: name, value: virtual[name] },
  ]),
  { on: globals, key: 'Date', value: VirtualDate },
  { on: AbortSignal as unknown as Record<string, unknown>, key: 'timeout', value: virtualAbortTimeout },
  { on: promisesObject, key: 'setTimeout', value: promiseTimeout },
  { on: promisesObject, key: 'setImmediate', value: promiseImmediate },
  { on: promisesObject, key: 'setInterval', value: promiseInterval },
  { on: schedulerObject, key: 'wait', value: virtualScheduler.wait },
  { on: schedulerObject, key: 'yield', value: virtualScheduler.yield },
  { on: globals, key: 'queueMicrotask', value: jobs.queueMicrotask },
  { on: process as unknown as Record<string, unknown>, key: 'nextTick', value: jobs.nextTick },
];
/** The slots of {@link jobs}: the last two. */
const JOB_SLOT = { queueMicrotask: SLOTS.length - 2, nextTick: SLOTS.length - 1 };
/** What each slot held when the run started, and whether as an own property (else restoring deletes ours). */
const saved: unknown[] = new Array<unknown>(SLOTS.length);
const savedOwn: boolean[] = new Array<boolean>(SLOTS.length);

/** The value global `name` had when the run started (host calls during the run, or while ours linger, get it), else the one at load. */
function hostGlobal(name: TimerName): Callback {
  const i = TIMER_NAMES.indexOf(name) * 2;
  return (host !== undefined || lingering ? saved[i] : real[name]) as Callback;
}

/** What `queueMicrotask`/`process.nextTick` were when the run started (or while ours linger), else at load. */
function hostJobs(name: JobName): Callback {
  return (host !== undefined || lingering ? saved[JOB_SLOT[name]] : realJobs[name]) as Callback;
}

/**
 * While an exploration holds them ({@link holdVirtualGlobals}), a run's replacements stay
 * in place after it ends, until the next run or the exploration's end: writing some
 * twenty properties of `globalThis` and of the modules twice per run cost about 10 µs
 * of a 40 µs schedule. While they linger nothing is virtual (no run: each calls what
 * its slot held before the run), so only identity differs, and only inside `explore`.
 */
let lingering = false;
let holds = 0;

/**
 * Makes the clock and the timers virtual for the run `rt` (see the file comment).
 *
 * @example
 * ```ts
 * installVirtualGlobals(rt); // at the start of a run
 * // ... the run ...
 * restoreGlobals();          // every way it ends
 * ```
 */
export function installVirtualGlobals(rt: VirtualHost): void {
  bindEsmOnce();
  if (host !== undefined) restoreGlobals();
  host = rt;
  for (let i = 0; i < SLOTS.length; i++) {
    const { on, key, value } = SLOTS[i]!;
    // Still ours from the run before (see `lingering`): nothing to write.
    if (lingering && on[key] === value) continue;
    savedOwn[i] = Object.hasOwn(on, key);
    saved[i] = on[key];
    on[key] = value;
  }
  lingering = false;
}

/**
 * Ends the run's virtual clock and timers and puts the originals back, as they were
 * when the run started (a fake the test installed before the run stays); inside an
 * exploration that holds them, at its end (see `lingering`). Idempotent.
 *
 * @example
 * ```ts
 * restoreGlobals();
 * globalThis.setTimeout === setTimeoutBeforeTheRun; // true (outside holdVirtualGlobals)
 * ```
 */
export function restoreGlobals(): void {
  if (host === undefined) return;
  host = undefined;
  byId.clear();
  lingering = true;
  if (holds === 0) putBackGlobals();
}

/**
 * Keeps the virtual globals of consecutive runs in place between them until the
 * returned function is called (nested holds: until the last one is released). The
 * explorer holds them for a whole exploration; between its runs each replacement
 * calls what its slot held before the run, so only identity differs, inside the
 * exploration only.
 *
 * @example
 * ```ts
 * const release = holdVirtualGlobals();
 * try {
 *   for (let i = 0; i < 1000; i++) await run(program, { seed: i });
 * } finally {
 *   release(); // every original is back
 * }
 * ```
 */
export function holdVirtualGlobals(): () => void {
  holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0) putBackGlobals();
  };
}

/** Puts back what {@link installVirtualGlobals} replaced (a slot someone changed since is left as it is). A no-op during a run or when nothing lingers. */
function putBackGlobals(): void {
  if (host !== undefined || !lingering) return;
  lingering = false;
  for (let i = 0; i < SLOTS.length; i++) {
    const { on, key, value } = SLOTS[i]!;
    if (on[key] === value) {
      if (savedOwn[i]) on[key] = saved[i];
      else delete on[key];
    }
    saved[i] = undefined;
  }
}
