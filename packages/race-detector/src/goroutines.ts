/**
 * What the detectors remember of each goroutine for their reports: who created
 * it, where, under which name, and whether it has finished.
 *
 * Invariants: main is goroutine 1 and has no record until it is asked for (it is
 * never spawned); a record is created by the `spawn` event, before the child's
 * first step, and is never removed during a run (ids are not reused).
 */
import type { SourceLocation, SpawnEvent } from './core-types.ts';

/** One goroutine as the reports describe it. */
export interface GoroutineRecord {
  readonly id: number;
  readonly name: string | undefined;
  /** 0 for main. */
  readonly parent: number;
  readonly createdAt: SourceLocation | undefined;
  finished: boolean;
}

/**
 * The goroutines of one run.
 *
 * @example
 * ```ts
 * const t = new GoroutineTable();
 * t.spawn({ parent: 1, child: 2, name: 'worker', site: undefined });
 * t.get(2).parent; // 1
 * ```
 */
export class GoroutineTable {
  private readonly records = new Map<number, GoroutineRecord>();

  spawn(e: SpawnEvent): void {
    this.records.set(e.child, { id: e.child, name: e.name, parent: e.parent, createdAt: e.site, finished: false });
  }

  exit(g: number): void {
    this.get(g).finished = true;
  }

  get(g: number): GoroutineRecord {
    let r = this.records.get(g);
    if (r === undefined) {
      r = { id: g, name: g === 1 ? 'main' : undefined, parent: 0, createdAt: undefined, finished: false };
      this.records.set(g, r);
    }
    return r;
  }

  clear(): void {
    this.records.clear();
  }
}
