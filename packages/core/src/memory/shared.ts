/**
 * Plain shared memory: `Shared.value` reads and writes are not scheduling points
 * (as ordinary memory in Go is not), but accesses are shown to monitors, so the
 * race detector checks them against happens-before. A repeat access by the same
 * goroutine with no step or synchronization in between is shown once (a write
 * covers later reads and writes, a read covers later reads): it cannot race where
 * the first did not, and cannot touch anything new.
 *
 * A goroutine that makes millions of accesses without reaching a scheduling point
 * is spinning (it would hang a cooperative runtime); the run ends with a clear
 * finding instead.
 */
import { RuntimeObject } from '../runtime/object.ts';
import { accessEntry, captureSite } from '../runtime/location.ts';

/**
 * A race-checked variable. Create with {@link shared}.
 *
 * @example
 * ```ts
 * const counter = shared(0, 'counter');
 * counter.value++; // a read and a write, checked by the race detector
 * ```
 */
export class Shared<T> extends RuntimeObject {
  readonly kind = 'shared' as const;
  private v: T;
  /** The last access shown to monitors: goroutine, hub epoch, and whether it was a write. */
  private seenG = 0;
  private seenEpoch = -1;
  private seenWrite = false;

  constructor(initial: T, name?: string) {
    super('shared()', name);
    this.v = initial;
  }

  get value(): T {
    this.touch(false);
    return this.v;
  }

  set value(v: T) {
    this.touch(true);
    this.v = v;
  }

  /** Reads without telling monitors (for assertions after the program, never inside goroutines). */
  peek(): T {
    return this.v;
  }

  private touch(write: boolean): void {
    const rt = this.rt;
    const g = rt.current;
    if (!g) return;
    rt.countAccess(g);
    const mon = rt.mon;
    if (!mon) return;
    // Same goroutine, no step or synchronization since its last access here, and that
    // access covers this one (a write covers both kinds, a read covers reads): nothing
    // a monitor could learn. See MonitorHub.epoch.
    if (this.seenG === g.id && this.seenEpoch === mon.epoch && (this.seenWrite || !write)) return;
    this.seenG = g.id;
    this.seenEpoch = mon.epoch;
    this.seenWrite = write;
    // A location captured while monitors are told (here or by a detector) starts at the user's frame.
    const outer = accessEntry(TOUCH);
    try {
      mon.access(g.id, this.info, write, false, rt.locations ? captureSite() : undefined);
    } finally {
      accessEntry(outer);
    }
  }
}

/** `Shared.touch`, for its identity only: the frame that every access enters interleave through. */
const TOUCH = (Shared.prototype as unknown as { touch: (write: boolean) => void }).touch;

/**
 * `shared(initial, name?)`: plain memory the race detector watches.
 *
 * @example
 * ```ts
 * const hits = shared(0, 'hits');
 * ```
 */
export function shared<T>(initial: T, name?: string): Shared<T> {
  return new Shared(initial, name);
}
