/**
 * Report text of the lock detectors: lock-order inversions and recursive locking
 * (go-deadlock's `POTENTIAL DEADLOCK`), laid out like the race report.
 *
 * Invariants: pure functions of their arguments; `message` is one line; every
 * acquisition is shown with its location (or the note that none was captured).
 */
import type { Finding, ObjectInfo, SourceLocation } from './core-types.ts';
import type { GoroutineTable } from './goroutines.ts';
import { capitalized, creationBlocks, formatSite, goroutineLabel, objectName, RULE, siteLine } from './report.ts';

/** One lock acquisition: which lock, read or write, where. */
export interface LockStep {
  readonly object: ObjectInfo;
  readonly shared: boolean;
  readonly site: SourceLocation | undefined;
}

/** Two nested acquisitions by one goroutine: `second` while holding `first`. */
export interface NestedLocks {
  readonly g: number;
  readonly first: LockStep;
  readonly second: LockStep;
}

function lockVerb(s: LockStep): string {
  return s.shared ? 'read-locked' : 'locked';
}

function nestedBlock(n: NestedLocks): string[] {
  return [
    `${capitalized(goroutineLabel(n.g))} ${lockVerb(n.second)} ${objectName(n.second.object)} while holding ${objectName(n.first.object)}:`,
    `  ${objectName(n.first.object)} ${lockVerb(n.first)} at:`,
    `  ${siteLine(n.first.site)}`,
    `  ${objectName(n.second.object)} ${lockVerb(n.second)} at:`,
    `  ${siteLine(n.second.site)}`,
  ];
}

function at(site: SourceLocation | undefined): string {
  return site === undefined ? '' : ` at ${formatSite(site)}`;
}

/**
 * The `lock-order` finding of two goroutines nesting the same two locks in opposite
 * orders; `current` is the acquisition that revealed it.
 *
 * @example
 * ```ts
 * inversionFinding({ g: 3, first: a, second: b }, { g: 2, first: b, second: a }, table).message;
 * // 'lock order inversion: goroutine 3 locked mu2 while holding mu1, goroutine 2 locked mu1 while holding mu2'
 * ```
 */
export function inversionFinding(current: NestedLocks, other: NestedLocks, table: GoroutineTable): Finding {
  const one = (n: NestedLocks): string =>
    `${goroutineLabel(n.g)} ${lockVerb(n.second)} ${objectName(n.second.object)}${at(n.second.site)} while holding ${objectName(n.first.object)}`;
  const text = [
    RULE,
    'POTENTIAL DEADLOCK: inconsistent lock order',
    ...nestedBlock(current),
    '',
    ...nestedBlock(other),
    '',
    'Running both at once, each goroutine waits for the lock the other holds: take the locks in one order everywhere.',
    ...creationBlocks([current.g, other.g], table),
    RULE,
  ].join('\n');
  return {
    kind: 'lock-order',
    message: `lock order inversion: ${one(current)}, ${one(other)}`,
    text,
    goroutines: [current.g, other.g],
  };
}

/**
 * The `lock-order` finding of a goroutine locking again a lock it holds: a Mutex
 * (it waits for itself forever) or an RWMutex read lock taken twice (a writer
 * arriving in between blocks both, which is why Go prohibits recursive read locking).
 *
 * @example
 * ```ts
 * recursiveFinding(2, held, { object: mu, shared: false, site }, table).message;
 * // 'recursive locking: goroutine 2 locks mu at x.ts:12:5 while holding it'
 * ```
 */
export function recursiveFinding(g: number, previous: LockStep, again: LockStep, table: GoroutineTable): Finding {
  const name = objectName(again.object);
  const doing = again.shared ? 'read-locks' : 'locks';
  const why =
    again.shared && previous.shared
      ? `Go prohibits recursive read locking: a writer calling Lock between the two read locks waits for the first, and the second waits for the writer.`
      : `Go's locks are not reentrant: the goroutine waits for itself forever.`;
  const text = [
    RULE,
    'POTENTIAL DEADLOCK: recursive locking',
    `${capitalized(goroutineLabel(g))} ${doing} ${name} while holding it:`,
    siteLine(again.site),
    '',
    `${name} previously ${lockVerb(previous)} by ${goroutineLabel(g)} at:`,
    siteLine(previous.site),
    '',
    why,
    ...creationBlocks([g], table),
    RULE,
  ].join('\n');
  return {
    kind: 'lock-order',
    message: `recursive locking: ${goroutineLabel(g)} ${doing} ${name}${at(again.site)} while holding it (${lockVerb(previous)}${at(previous.site)})`,
    text,
    goroutines: [g],
  };
}
