/**
 * The base of every runtime object (mutexes, wait groups, atomics, ...): it
 * belongs to the run that created it, has an id that is deterministic within that
 * run, and reports its happens-before edges to the run's monitors.
 *
 * Precondition: constructed inside a running program (throws a clear error
 * otherwise), so no object outlives or crosses runs.
 */
import { current, type Runtime } from './runtime.ts';
import type { G } from './goroutine.ts';
import type { ObjectInfo, ObjectKind, SyncMode } from './types.ts';

export abstract class RuntimeObject implements ObjectInfo {
  readonly id: number;
  abstract readonly kind: ObjectKind;
  /** @internal */ readonly rt: Runtime;

  constructor(api: string, readonly name?: string) {
    this.rt = current(api);
    this.id = this.rt.newObjectId();
  }

  /** @internal Reports one half of a happens-before edge on (this, slot). */
  protected edge(g: G | undefined, slot: number, mode: SyncMode): void {
    if (g) this.rt.mon?.sync(g.id, this, slot, mode);
  }

  /** @internal The running goroutine; undefined outside goroutine code (a timer). */
  protected get running(): G | undefined {
    return this.rt.current;
  }
}
