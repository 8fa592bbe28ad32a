/**
 * Whose code a promise job runs: the goroutine in whose code the job was queued
 * (an `await`, a `.then`), carried from promise to promise as AsyncLocalStorage
 * carries its store. A run that follows plain promises (runtime.ts, `following`)
 * learns from it which goroutine's code runs when a plain promise settles, so that a
 * goroutine awaiting a `new Promise((r) => setTimeout(r, 10))` or an `events.once`
 * goes on as itself, in JavaScript's own microtask order.
 *
 * How: a V8 promise hook tags each promise made while a goroutine's code runs with
 * that goroutine (`init`), and before a job runs (`before`) the goroutine of its
 * promise is the one whose code runs (an `await`'s job belongs to the promise the
 * `await` made, in the awaiting code: checked on Node 20). Code the runtime runs
 * itself (a nextTick, a setImmediate, a body's start) says whose it is with {@link enter}.
 *
 * Invariants:
 * - The hooks are on while a tracked run is active ({@link track} to its stop):
 *   they cost every promise about a third of its speed, so runs start untracked and
 *   only a program that awaits a plain promise is run tracked (run.ts).
 * - After a tracked run, while it is alive (one of its goroutines is: a promise its
 *   code made may still settle), hooks of their own stay on with no run to tell
 *   ({@link outlive}; they also end each job as nobody's code): they keep tagging, so
 *   a job of an ended run's goroutine is known as its own even when no run is active,
 *   and its calls never run in production mode (runtime.ts, `current`). A tracked run
 *   turns them off while it runs. Once every ended run is collected, no hook is on.
 * - Promises the runtime makes for itself are made with no goroutine
 *   ({@link untagged}): their jobs are nobody's code, and switch nothing.
 * - Determinism: tags follow the program's own promise order, nothing else.
 *
 * Cost, measured: AsyncLocalStorage's store costs an await-heavy loop 2.7× on Node 20;
 * these hooks are the same mechanism, written here because the runtime must hear of
 * the switch as the job starts (AsyncLocalStorage only answers when asked).
 */
import { promiseHooks } from 'node:v8';

/** What a tracked run is told. */
export interface ContextTarget<G> {
  /** A job of `g`'s code is about to run (`g` is not undefined). */
  switchTo(g: G): void;
}

let owner: unknown = undefined;
let target: ContextTarget<unknown> | undefined = undefined;
/**
 * Where a promise's goroutine is kept: a symbol-keyed property of the promise (a
 * `WeakMap` cost every promise an ephemeron entry, about a fifth of a tracked
 * exploration's time in set-up and collection; a property goes with its promise).
 */
const TAG = Symbol('interleave.goroutine');
type Tagged = Promise<unknown> & { [TAG]?: unknown };
let stopHooks: (() => void) | undefined = undefined;

/** Promises made and jobs run while tracking: the sentinel counts activity with it instead of hooks of its own (quiescence.ts). */
let events = 0;

/**
 * How many promise events (a promise made, a job about to run) the tracking hooks saw.
 *
 * @example
 * ```ts
 * const before = promiseEvents(); await null; promiseEvents() > before; // true, while tracking
 * ```
 */
export function promiseEvents(): number {
  return events;
}

function init(p: Promise<unknown>): void {
  events++;
  if (owner !== undefined) Object.defineProperty(p, TAG, { value: owner }); // not enumerable: deep equality and inspection do not see it
}

function before(p: Promise<unknown>): void {
  events++;
  const g = (p as Tagged)[TAG];
  owner = g;
  if (g !== undefined) target?.switchTo(g);
}

/** Between runs: a job is its promise's goroutine's code, and nobody's once it ends (no runtime enters owners then). */
function beforeOutside(p: Promise<unknown>): void {
  owner = (p as Tagged)[TAG];
}

function afterOutside(): void {
  owner = undefined;
}

/** How many tracked runs that ended are alive (each is while any of its goroutines is: a goroutine holds its run). */
let endedRuns = 0;
/** Turns off the hooks between runs (on while an ended tracked run is alive and no run tracks). */
let stopOutside: (() => void) | undefined = undefined;
const collected = new FinalizationRegistry<undefined>(() => {
  endedRuns--;
  if (endedRuns === 0) outsideOff();
});

function outsideOff(): void {
  stopOutside?.();
  stopOutside = undefined;
}

/**
 * Keeps the hooks on after tracking stops, while `run` (a tracked run that is
 * ending) is alive: a promise its goroutines made may settle later, and the job it
 * runs must still be known as theirs. They go off once every ended run is collected.
 *
 * @example
 * ```ts
 * outlive(this); // the run ends
 * this.stopTracking();
 * ```
 */
export function outlive(run: object): void {
  endedRuns++;
  collected.register(run, undefined);
}


/**
 * Turns tracking on for a run; returns the function that turns it off.
 *
 * @example
 * ```ts
 * const stop = track<G>({ switchTo: (g) => rt.switchTo(g) });
 * // ... the run ...
 * stop();
 * ```
 */
export function track<G>(t: ContextTarget<G>): () => void {
  target = t as ContextTarget<unknown>;
  owner = undefined;
  outsideOff();
  stopHooks ??= promiseHooks.createHook({ init, before }) as () => void; // typed `Function`
  return (): void => {
    if (target !== t) return;
    target = undefined;
    owner = undefined;
    stopHooks?.();
    stopHooks = undefined;
    // An ended run that can still run code: lighter hooks keep telling whose code runs.
    if (endedRuns > 0) stopOutside ??= promiseHooks.createHook({ init, before: beforeOutside, after: afterOutside }) as () => void;
  };
}

/**
 * From now on the code that runs is `g`'s (undefined: nobody's), until the next job.
 *
 * @example
 * ```ts
 * enter(g); // a goroutine's body starts
 * ```
 */
export function enter(g: unknown): void {
  owner = g;
}

/**
 * Runs `job` as `g`'s code, as the hooks run a promise job of `g`'s (a callback `g`
 * queued with `queueMicrotask` or `process.nextTick`, which no promise hook sees).
 * Between runs (an ended run's goroutine) the job is nobody's code again once it ends.
 *
 * @example
 * ```ts
 * const g = owning();
 * realQueueMicrotask(() => runJobOf(g, callback));
 * ```
 */
export function runJobOf(g: unknown, job: () => void): void {
  owner = g;
  if (target !== undefined) {
    if (g !== undefined) target.switchTo(g);
    job();
    return;
  }
  try {
    job();
  } finally {
    owner = undefined;
  }
}

/** The goroutine whose code runs now, as far as the hooks know (tracked runs, and between runs a goroutine of an ended one). */
export function owning(): unknown {
  return owner;
}

/**
 * Runs `fn` as nobody's code: the promises it makes (the runtime's own) carry no goroutine.
 *
 * @example
 * ```ts
 * untagged(() => void SETTLED.then(endHandoff));
 * ```
 */
export function untagged<T>(fn: () => T): T {
  const saved = owner;
  owner = undefined;
  try {
    return fn();
  } finally {
    owner = saved;
  }
}
