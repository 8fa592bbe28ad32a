/**
 * Plain shared memory: `Shared.value` reads and writes are not scheduling points
 * (as ordinary memory in Go is not), but every access is shown to monitors, so the
 * race detector checks it against happens-before.
 *
 * A goroutine that makes millions of accesses without reaching a scheduling point
 * is spinning (it would hang a cooperative runtime); the run ends with a clear
 * finding instead.
 */
import { RuntimeObject } from '../runtime/object.ts';
import { captureSite } from '../runtime/location.ts';

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
    if (mon) mon.access(g.id, this, write, false, rt.locations ? captureSite() : undefined);
  }
}

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
