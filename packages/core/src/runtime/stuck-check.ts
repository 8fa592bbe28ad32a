/**
 * Proving parked goroutines stuck for good while other goroutines still run, by
 * reachability, as Go's goroutine leak detection does with its collector: a
 * goroutine parked on a channel, a lock or any other primitive can only be woken
 * through that primitive, so if nothing that can still run (runnable or sleeping
 * goroutines, timers, the program's own module state) reaches the primitive, the
 * goroutine never runs again.
 *
 * How (see `Runtime.checkStuck`): between two steps, the runtime takes every
 * parked goroutine out of its own table, keeping only a `WeakRef` and a plain
 * description of each ({@link detachParked}), and stops. In a later macrotask (a
 * `WeakRef` target stays alive until the task that made it ends) it runs a full
 * garbage collection and puts back the goroutines that survived ({@link settle}):
 * something that can still run reaches them. The others were collected with
 * everything only they could reach: they are stuck.
 *
 * Soundness rests on one precondition: nothing outside the program holds a
 * runtime object or a parked goroutine. Core gives monitors descriptors
 * (`RuntimeObject.info`, `MethodOp.view`), never the objects; a parked goroutine is
 * held only by the wait queue of what it waits on. Anything that still holds one
 * (a closure of a running goroutine that will never use it, a variable of main's)
 * makes the check say "not stuck": it can miss, never claim too much.
 *
 * Determinism: what is reachable is a function of the program and the step at
 * which the check runs, so the same schedule gives the same answer.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { BLOCKED, type G } from './goroutine.ts';
import type { BlockedGoroutine } from './types.ts';

/** A parked goroutine taken out of the runtime's table for a check. */
export interface StuckProbe {
  readonly ref: WeakRef<G>;
  /** Its description, made before it was let go: all a report needs, no references. */
  readonly view: BlockedGoroutine;
}

let gc: (() => void) | null | undefined;

/**
 * A function that runs a full, precise garbage collection, or undefined where the
 * engine offers none (then no check runs, and stuck goroutines are found when the
 * whole run is stuck or main returns, as before). `node --expose-gc` provides one;
 * otherwise V8's flag is set at run time and the function taken from a new context.
 */
export function fullGc(): (() => void) | undefined {
  if (gc === undefined) {
    const global = (globalThis as { gc?: () => void }).gc;
    if (typeof global === 'function') gc = global;
    else {
      try {
        v8.setFlagsFromString('--expose-gc');
        gc = vm.runInNewContext('gc') as () => void;
      } catch {
        gc = null;
      }
    }
  }
  return gc ?? undefined;
}

/**
 * Takes every goroutine parked on a primitive (not sleeping: a timer holds those)
 * out of `all`, returning a probe for each. Precondition: no goroutine is running
 * and the caller keeps no other reference to a parked one.
 */
export function detachParked(all: (G | undefined)[], view: (g: G) => BlockedGoroutine): StuckProbe[] {
  const probes: StuckProbe[] = [];
  for (let id = 0; id < all.length; id++) {
    const g = all[id];
    if (g === undefined || g.state !== BLOCKED || g.waitReason === 'sleep') continue;
    probes.push({ ref: new WeakRef(g), view: view(g) });
    all[id] = undefined;
  }
  return probes;
}

/**
 * Collects garbage and puts the goroutines that survived back into `all`; returns
 * the descriptions of those that did not, in id order. Precondition: runs in a
 * later macrotask than {@link detachParked}.
 */
export function settle(all: (G | undefined)[], probes: readonly StuckProbe[], collect: () => void): BlockedGoroutine[] {
  // Twice: a collection that finishes an incremental marking already under way keeps
  // what was allocated during it (V8 allocates black then). The second one marks
  // from scratch, so what survives it is exactly what is reachable.
  collect();
  collect();
  collect();
  collect();
  const stuck: BlockedGoroutine[] = [];
  for (const p of probes) {
    const g = p.ref.deref();
    if (g === undefined) stuck.push(p.view);
    else all[g.id] = g;
  }
  return stuck;
}
