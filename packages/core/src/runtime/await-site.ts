/**
 * Where a goroutine awaited the foreign promise that stalled its run: the line a
 * `nondeterminism` report names, not only the goroutine's last scheduling point.
 *
 * A run stalls when its running goroutine awaits a promise the runtime does not
 * control (the sentinel sees the microtask queue run dry: quiescence.ts). The plain run notes the
 * step it stalled in ({@link keepStall}). Its located re-run makes the same
 * execution, so it stalls in the same step; from the start of that step only, it
 * notes the user's source location of every promise the running goroutine creates
 * and forgets those that settle (V8's promise hooks). When the run stalls, the
 * pending ones say where the goroutine waits ({@link AwaitWatch.siteOf}).
 *
 * Invariants:
 * - The hook is on only in the located re-run of a run that stalled, from its
 *   start (turning it on costs more than a step, and a real timer may fire in that
 *   time) to its end, and notes promises from the stall step on (promise hooks slow
 *   every promise down); {@link AwaitWatch.stop} is called by every way a run ends.
 * - A location is noted for the running goroutine of the run in progress only, so
 *   promises made by the host (vitest, another test) between microtasks are not
 *   taken for the goroutine's.
 */
import { promiseHooks } from 'node:v8';
import { captureSite } from './location.ts';
import type { SourceLocation } from './types.ts';

const stalls = new WeakMap<object, number>();

/**
 * Notes that the run whose result is `result` stalled on a foreign promise in step `step`.
 *
 * @example
 * ```ts
 * keepStall(result, rt.steps);
 * ```
 */
export function keepStall(result: object, step: number): void {
  stalls.set(result, step);
}

/**
 * The step in which `result`'s run stalled on a foreign promise, if it did.
 *
 * @example
 * ```ts
 * const from = stallStepOf(first); // 5: watch awaits from step 5 in the located re-run
 * ```
 */
export function stallStepOf(result: object): number | undefined {
  return stalls.get(result);
}

/** A promise made while the watch is on: by whom, where, and whether it is a root (made by `new Promise` or an async call, not by `await` or `then`). */
interface Made<G> {
  readonly g: G;
  readonly site: SourceLocation;
  readonly root: boolean;
}

/**
 * Notes, while it is on, the promises the running goroutine creates and has not
 * seen settle (`owner()` names the running goroutine; undefined: none is).
 *
 * Which one stalled the goroutine: the last root promise it made that is still
 * pending (`new Promise(...)` around a real timer, a `fetch`: the deepest cause,
 * even behind an `await helper()`); when it made none in the watched step (it
 * awaits a promise made earlier), the last pending promise it made, which is its
 * `await`'s own.
 *
 * @example
 * ```ts
 * const watch = new AwaitWatch(() => rt.current);
 * // ... the run stalls ...
 * watch.siteOf(g); // { file: 'src/cache.ts', line: 41, col: 5 }
 * watch.stop();
 * ```
 */
export class AwaitWatch<G extends object> {
  private readonly pending = new Map<Promise<unknown>, Made<G>>();
  private stopHook: (() => void) | undefined;

  constructor(owner: () => G | undefined) {
    this.stopHook = promiseHooks.createHook({
      init: (promise, parent) => {
        const g = owner();
        if (g === undefined) return;
        const site = captureSite();
        if (site !== undefined) this.pending.set(promise, { g, site, root: parent === undefined });
      },
      settled: (promise) => {
        this.pending.delete(promise);
      },
    }) as () => void; // @types/node types the stop function as `Function`
  }

  /** Where `g` made the promise it is stalled on, as far as the watch saw. */
  siteOf(g: G): SourceLocation | undefined {
    let last: SourceLocation | undefined;
    let root: SourceLocation | undefined;
    for (const made of this.pending.values()) {
      if (made.g !== g) continue;
      last = made.site;
      if (made.root) root = made.site;
    }
    return root ?? last;
  }

  /** Where `g` made the last promise it made that is still pending: the outermost `await` it is parked on (a run that follows promises). */
  awaitOf(g: G): SourceLocation | undefined {
    let last: SourceLocation | undefined;
    for (const made of this.pending.values()) if (made.g === g) last = made.site;
    return last;
  }

  /** Turns the hooks off and forgets the promises (idempotent). */
  stop(): void {
    this.stopHook?.();
    this.stopHook = undefined;
    this.pending.clear();
  }
}
