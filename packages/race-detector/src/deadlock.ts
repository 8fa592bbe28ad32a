/**
 * Partial-deadlock detection as a core `Monitor`: goroutines that wait for each
 * other in a cycle through locks are reported as soon as the cycle closes, even
 * while other goroutines still run (Go's runtime notices only when every goroutine
 * is asleep).
 *
 * Wait-for edges, from the goroutines parked right now:
 * - in `sync.Mutex.Lock` on m: to m's holder;
 * - in `sync.RWMutex.Lock` on rw: to every holder of rw (it needs them all gone);
 * - in `sync.RWMutex.RLock` on rw: to the writer holding rw, else to a writer
 *   parked in `Lock` on rw (Go queues new readers behind a waiting writer; every
 *   waiting writer waits for the same holders, so which one does not matter).
 * Each edge is a "needs": a cycle of them can never untangle, because each member
 * waits for a release only another member can make. (Go lets any goroutine unlock
 * a Mutex; a program that unlocks another goroutine's lock to break such a cycle
 * would be reported anyway. Such hand-over locking is rare and fragile.)
 *
 * Invariants:
 * - A new cycle always contains the goroutine that parked last (edges out of a
 *   running goroutine do not exist, and edges into one only matter once it parks),
 *   so checking from each newly parked goroutine finds every cycle when it closes.
 * - Self-waits (recursive locking) are the lock-order detector's, not reported here.
 * - Channel waits are not edges: who may still send or receive is not observable,
 *   so a channel-based cycle is left to core's global deadlock and leak reports.
 * - Each set of goroutines is reported once per run; state is reset by `runStart`.
 */
import type { BlockEvent, Finding, Monitor, ObjectInfo, RunInfo, SourceLocation, SpawnEvent } from './core-types.ts';
import { cycleFinding, type WaitEdge } from './deadlock-report.ts';
import { GoroutineTable } from './goroutines.ts';
import { LockTable } from './lock-table.ts';

/**
 * Detects lock cycles among parked goroutines; {@link deadlockDetector} makes one.
 *
 * @example
 * ```ts
 * const r = await run(program, { monitors: [new DeadlockMonitor()] });
 * r.findings.filter((f) => f.kind === 'deadlock');
 * ```
 */
export class DeadlockMonitor implements Monitor {
  private readonly locks = new LockTable();
  private readonly goroutines = new GoroutineTable();
  private readonly blocked = new Map<number, BlockEvent>();
  private reported = new Set<string>();
  private findings: Finding[] = [];

  runStart(_info: RunInfo): void {
    this.locks.clear();
    this.goroutines.clear();
    this.blocked.clear();
    this.reported = new Set();
    this.findings = [];
  }

  spawn(e: SpawnEvent): void {
    this.goroutines.spawn(e);
  }

  exit(g: number): void {
    this.goroutines.exit(g);
    this.blocked.delete(g);
  }

  lock(g: number, object: ObjectInfo, held: boolean, shared: boolean, site: SourceLocation | undefined): void {
    if (held) this.locks.acquire(g, object, shared, site);
    else this.locks.release(g, object, shared);
  }

  block(e: BlockEvent): void {
    this.blocked.set(e.goroutine, e);
    const cycle = this.findCycle(e.goroutine);
    if (cycle === undefined) return;
    const key = cycle.map((w) => w.from).sort((a, b) => a - b).join(',');
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.findings.push(cycleFinding(cycle, this.blocked, this.goroutines));
  }

  wake(g: number): void {
    this.blocked.delete(g);
  }

  /** What parked goroutine `g` waits for, as edges to other goroutines. */
  edgesFrom(g: number): WaitEdge[] {
    const e = this.blocked.get(g);
    if (e === undefined) return [];
    const edges: WaitEdge[] = [];
    for (const object of e.objects) {
      const holders = this.locks.holders(object.id);
      if (e.reason === 'sync.Mutex.Lock' || e.reason === 'sync.RWMutex.Lock') {
        for (const h of holders) if (h.g !== g) edges.push({ from: g, to: h.g, object, hold: h });
      } else if (e.reason === 'sync.RWMutex.RLock') {
        const writer = holders.find((h) => !h.shared);
        if (writer !== undefined) {
          if (writer.g !== g) edges.push({ from: g, to: writer.g, object, hold: writer });
          continue;
        }
        for (const [w, b] of this.blocked) {
          if (w !== g && b.reason === 'sync.RWMutex.Lock' && b.objects.some((o) => o.id === object.id)) {
            edges.push({ from: g, to: w, object, hold: undefined });
            break; // every waiting writer needs the same holders gone: one edge says it all
          }
        }
      }
    }
    return edges;
  }

  /** A cycle of wait-for edges through `start`, or undefined. */
  findCycle(start: number): WaitEdge[] | undefined {
    const path: WaitEdge[] = [];
    const visited = new Set<number>([start]);
    const visit = (g: number): boolean => {
      for (const edge of this.edgesFrom(g)) {
        if (edge.to === start) {
          path.push(edge);
          return true;
        }
        if (visited.has(edge.to) || !this.blocked.has(edge.to)) continue;
        visited.add(edge.to);
        path.push(edge);
        if (visit(edge.to)) return true;
        path.pop();
      }
      return false;
    };
    return visit(start) ? path : undefined;
  }

  runEnd(): Finding[] {
    return this.findings.slice();
  }
}

/**
 * A fresh partial-deadlock detector: reports goroutines that wait for each other
 * through Mutex and RWMutex locks the moment the cycle closes.
 *
 * @example
 * ```ts
 * import { run } from '@interleave/core';
 * import { deadlockDetector } from '@interleave/race-detector';
 *
 * const r = await run(program, { monitors: [deadlockDetector] }); // a factory: one per execution
 * r.findings.find((f) => f.kind === 'deadlock')?.message; // 'lock cycle: goroutine 2 waits for goroutine 3 (mu2), ...'
 * ```
 */
export function deadlockDetector(): DeadlockMonitor {
  return new DeadlockMonitor();
}
