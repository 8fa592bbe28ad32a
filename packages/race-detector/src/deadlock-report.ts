/**
 * Report text of a wait-for cycle among parked goroutines.
 *
 * ```text
 * ==================
 * DEADLOCK: goroutines wait for each other in a cycle
 * Goroutine 2 [sync.Mutex.Lock] waits for mu2, held by goroutine 3:
 *   blocked at fixtures/x.ts:14:13
 *   mu2 locked at fixtures/x.ts:20:11
 * ...
 * ==================
 * ```
 *
 * Invariants: pure functions of their arguments; `message` is one line; the edges
 * are given in cycle order (each edge's `to` is the next edge's `from`).
 */
import type { BlockEvent, Finding, ObjectInfo } from './core-types.ts';
import type { GoroutineTable } from './goroutines.ts';
import type { HeldLock } from './lock-table.ts';
import { capitalized, creationBlocks, formatSite, goroutineLabel, objectName, RULE } from './report.ts';

/** Parked goroutine `from` needs `to` to release `object` (`hold`), or to finish its own wait for it (`hold` undefined: a reader queued behind a waiting writer). */
export interface WaitEdge {
  readonly from: number;
  readonly to: number;
  readonly object: ObjectInfo;
  readonly hold: HeldLock | undefined;
}

function edgeLines(edge: WaitEdge, blocked: ReadonlyMap<number, BlockEvent>): string[] {
  const b = blocked.get(edge.from);
  const name = objectName(edge.object);
  const reason = b?.reason ?? 'waiting';
  const lines: string[] = [];
  if (edge.hold === undefined) {
    lines.push(`${capitalized(goroutineLabel(edge.from))} [${reason}] waits for ${name} behind ${goroutineLabel(edge.to)}, which waits to lock it:`);
  } else {
    const how = edge.hold.shared ? 'read-locked' : 'held';
    lines.push(`${capitalized(goroutineLabel(edge.from))} [${reason}] waits for ${name}, ${how} by ${goroutineLabel(edge.to)}:`);
  }
  lines.push(`  blocked at ${b?.site === undefined ? '(location not captured)' : formatSite(b.site)}`);
  if (edge.hold !== undefined && edge.hold.site !== undefined) {
    lines.push(`  ${name} ${edge.hold.shared ? 'read-locked' : 'locked'} at ${formatSite(edge.hold.site)}`);
  }
  return lines;
}

/**
 * The `deadlock` finding of a wait-for cycle.
 *
 * @example
 * ```ts
 * cycleFinding([{ from: 2, to: 3, object: mu1, hold }, { from: 3, to: 2, object: mu2, hold: hold2 }], blocked, table).message;
 * // 'lock cycle: goroutine 2 waits for goroutine 3 (mu1), goroutine 3 waits for goroutine 2 (mu2)'
 * ```
 */
export function cycleFinding(cycle: readonly WaitEdge[], blocked: ReadonlyMap<number, BlockEvent>, table: GoroutineTable): Finding {
  const goroutines = cycle.map((e) => e.from);
  const text = [
    RULE,
    'DEADLOCK: goroutines wait for each other in a cycle',
    ...cycle.flatMap((e) => edgeLines(e, blocked)),
    '',
    'Each waits for a lock only another member of the cycle can release: they wait forever, even while the rest of the program runs.',
    ...creationBlocks(goroutines, table),
    RULE,
  ].join('\n');
  const steps = cycle.map((e) => `${goroutineLabel(e.from)} waits for ${goroutineLabel(e.to)} (${objectName(e.object)})`);
  return { kind: 'deadlock', message: `lock cycle: ${steps.join(', ')}`, text, goroutines };
}
