/**
 * Report text of a wait-for cycle among parked goroutines: lock cycles (reported
 * when they close) and cycles through channels (reported when the run ends stuck).
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
 * A channel member reads
 * `Goroutine 3 [chan send] on jobs: the only other goroutine that ever received from jobs is 2 (blocked [chan send] on results)`,
 * then where it blocked and where it was created.
 *
 * Invariants: pure functions of their arguments; `message` is one line; the edges
 * are given in cycle order (each edge's `to` is the next edge's `from`).
 */
import type { BlockedGoroutine, BlockEvent, Finding, ObjectInfo } from './core-types.ts';
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

/**
 * Parked goroutine `from` waits on a channel (`object`) on which `to` is one of the
 * only goroutines that could ever complete its operation: it did the complementary
 * operation (or a `select` on the channel) before, and it is stuck too.
 */
export interface ChannelEdge {
  readonly from: number;
  readonly to: number;
  readonly object: ObjectInfo;
  readonly channel: true;
}

/** An edge of a cycle found at the end of a run: a lock wait or a channel wait. */
export type CycleEdge = WaitEdge | ChannelEdge;

/** What the channel part of a report needs to know about the goroutines at the run's end. */
export interface ChannelCycleContext {
  /** Every goroutine still alive when the run ended, by id. */
  readonly alive: ReadonlyMap<number, BlockedGoroutine>;
  /** For each member of the cycle waiting on channels: the other goroutines that could complete its operation (all stuck or finished). */
  readonly partners: ReadonlyMap<number, readonly number[]>;
  /** Parked goroutines as the block events described them (for the lock edges of a mixed cycle). */
  readonly blocked: ReadonlyMap<number, BlockEvent>;
}

function isChannelEdge(e: CycleEdge): e is ChannelEdge {
  return 'channel' in e;
}

/** `jobs` or `jobs, results`. */
function names(objects: readonly ObjectInfo[]): string {
  return objects.map(objectName).join(', ');
}

/** `received from jobs` for a sender, `sent on or closed jobs` for a receiver, `used jobs, quit` for a select. */
function partnerVerb(reason: string, objects: readonly ObjectInfo[]): string {
  if (reason === 'chan send') return `received from ${names(objects)}`;
  if (reason === 'chan receive') return `sent on or closed ${names(objects)}`;
  return `used ${names(objects)}`;
}

/** `2 (blocked [chan receive] on results)`, `main goroutine (blocked ...)`, or `4 (finished)`. */
function partnerState(g: number, alive: ReadonlyMap<number, BlockedGoroutine>): string {
  const label = g === 1 ? 'main goroutine' : `${g}`;
  const b = alive.get(g);
  if (b === undefined) return `${label} (finished)`;
  const on = b.objects.length > 0 ? ` on ${names(b.objects)}` : '';
  return `${label} (blocked [${b.reason}]${on})`;
}

function channelLines(g: number, ctx: ChannelCycleContext): string[] {
  const b = ctx.alive.get(g);
  const reason = b?.reason ?? 'waiting';
  const objects = b?.objects ?? [];
  const partners = ctx.partners.get(g) ?? [];
  const one = partners.length === 1;
  const who = partners.map((p) => partnerState(p, ctx.alive)).join(', ');
  return [
    `${capitalized(goroutineLabel(g))} [${reason}] on ${names(objects)}: the only other goroutine${one ? '' : 's'} that ever ${partnerVerb(reason, objects)} ${one ? 'is' : 'are'} ${who}`,
    `  blocked at ${formatSite(b?.blockedAt)}`,
  ];
}

/** `  created at x.ts:3:5 by main goroutine` (none for main, which nobody creates). */
function createdLine(g: number, alive: ReadonlyMap<number, BlockedGoroutine>): string[] {
  const b = alive.get(g);
  if (g === 1 || b === undefined) return [];
  return [`  created at ${formatSite(b.createdAt)} by ${goroutineLabel(b.createdBy)}`];
}

/**
 * The `deadlock` finding of a cycle found when the run ended stuck, with at least
 * one channel wait (lock-only cycles are reported by {@link cycleFinding} when they close).
 *
 * @example
 * ```ts
 * channelCycleFinding([{ from: 3, to: 2, object: jobs, channel: true }, { from: 2, to: 3, object: results, channel: true }], ctx).message;
 * // 'channel cycle: goroutine 3 waits for goroutine 2 (jobs), goroutine 2 waits for goroutine 3 (results)'
 * ```
 */
export function channelCycleFinding(cycle: readonly CycleEdge[], ctx: ChannelCycleContext): Finding {
  const goroutines = cycle.map((e) => e.from);
  const text = [
    RULE,
    'DEADLOCK: goroutines wait for each other in a cycle',
    ...cycle.flatMap((e) => [...(isChannelEdge(e) ? channelLines(e.from, ctx) : edgeLines(e, ctx.blocked)), ...createdLine(e.from, ctx.alive)]),
    '',
    'Each waits for a partner only another member of the cycle can be: they wait forever. A channel has no holder, so a goroutine ' +
      'that never used it may still send or receive on it: a channel cycle is reported once the run proves its members stuck (every ' +
      'goroutine asleep, nothing that can still run reaching their channels, or still blocked after main returned).',
    RULE,
  ].join('\n');
  const steps = cycle.map((e) => `${goroutineLabel(e.from)} waits for ${goroutineLabel(e.to)} (${objectName(e.object)})`);
  return { kind: 'deadlock', message: `channel cycle: ${steps.join(', ')}`, text, goroutines };
}
