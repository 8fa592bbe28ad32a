/**
 * The base of every runtime object (mutexes, wait groups, atomics, ...): it
 * belongs to the run that created it, has an id that is deterministic within that
 * run, and reports its happens-before edges to the run's monitors.
 *
 * Created outside any run, it belongs to production mode (real event loop, real
 * clock) for good; used from inside a run, it throws a clear error, so no object
 * crosses from one mode to the other.
 */
import { current } from './runtime.ts';
import type { Kernel } from './kernel.ts';
import type { G } from './goroutine.ts';
import type { ObjectInfo, ObjectKind, SyncMode } from './types.ts';

export abstract class RuntimeObject implements ObjectInfo {
  readonly id: number;
  abstract readonly kind: ObjectKind;
  /** @internal */ readonly rt: Kernel;
  #info: ObjectInfo | undefined = undefined;

  constructor(api: string, readonly name?: string) {
    this.rt = current(api);
    this.id = this.rt.newObjectId();
  }

  /**
   * @internal What monitors and wait records get instead of the object: its id, kind
   * and name, made once. Nothing outside the program holds the object itself, so
   * whether it is still reachable says whether a goroutine can still use it (see
   * `Runtime.checkStuck`).
   */
  get info(): ObjectInfo {
    return (this.#info ??= describe(this));
  }

  /** @internal Reports one half of a happens-before edge on (this, slot). */
  protected edge(g: G | undefined, slot: number, mode: SyncMode): void {
    if (g) this.rt.mon?.sync(g.id, this.info, slot, mode);
  }

  /** @internal The running goroutine; undefined outside goroutine code (a timer). */
  protected get running(): G | undefined {
    return this.rt.current;
  }
}

/**
 * A runtime object's descriptor: a plain copy of its id, kind and name, holding
 * no reference to the object.
 *
 * @example
 * ```ts
 * describe(ch); // { id: 3, kind: 'chan', name: 'jobs' }
 * ```
 */
export function describe(o: ObjectInfo): ObjectInfo {
  return Object.freeze({ id: o.id, kind: o.kind, name: o.name });
}
