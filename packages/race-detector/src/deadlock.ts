/**
 * Partial-deadlock detection as a core `Monitor`: goroutines that wait for each
 * other in a cycle through locks are reported as soon as the cycle closes, even
 * while other goroutines still run (Go's runtime notices only when every goroutine
 * is asleep); cycles through channels as soon as core proves their members stuck.
 *
 * Lock wait-for edges, from the goroutines parked right now:
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
 * Channel wait-for edges: G -> H when G is parked on channel C (`chan send`,
 * `chan receive`, `select`), H != G, and H completed the complementary operation on
 * C before (received from C for a sender; sent on or closed C for a receiver;
 * anything on C for a `select`; an operation H did through a `select` counts for
 * both directions, its case is not in the events). The partners come from `sync`
 * events on C, their direction from the `step` that caused them (the stepping
 * goroutine did its op; the parked goroutine a hand-off names did the opposite one).
 * A channel has no holder: a goroutine that never used C may still hold it and
 * wake G, so a cycle of channel edges is a suspicion, not a proof. When one closes
 * while every partner involved is parked, the monitor asks core for a stuck check
 * (`RunControl.checkStuck`: nothing that can still run reaches the channels), and
 * core ends the run with a partial deadlock when it holds. At `runEnd`, the cycles
 * among the goroutines core proved stuck (that check, a global deadlock, leaks
 * after main returned) are explained next to core's finding.
 *
 * Invariants:
 * - A new lock cycle always contains the goroutine that parked last (edges out of a
 *   running goroutine do not exist, and edges into one only matter once it parks),
 *   so checking from each newly parked goroutine finds every lock cycle when it closes.
 * - Self-waits (recursive locking) are the lock-order detector's, not reported here.
 * - Having parked on C is not partnership on C: two goroutines parked on one channel
 *   at once cannot complete each other (they would have matched), so N goroutines
 *   parked on a channel nobody else used are a leak, never a cycle.
 * - A channel waiter with a partner that is still runnable or sleeping gets no edge
 *   (it is not provably stuck); a finished partner can no longer help and gets none.
 * - Each set of goroutines is reported once per run; state is reset by `runStart`.
 */
import type {
  BlockEvent,
  Finding,
  Monitor,
  ObjectInfo,
  OpKind,
  PendingOp,
  RunEndEvent,
  RunControl,
  RunInfo,
  SourceLocation,
  SpawnEvent,
  SyncMode,
  WaitReason,
} from './core-types.ts';
import { channelCycleFinding, cycleFinding, type ChannelEdge, type CycleEdge, type WaitEdge } from './deadlock-report.ts';
import { GoroutineTable } from './goroutines.ts';
import { LockTable } from './lock-table.ts';
import { FindingLog, type StepStamped } from './occurrences.ts';

/** Role bits of a goroutine on a channel: it sent (or closed), received, or did either through a `select`. */
const SEND = 1;
const RECV = 2;
const ANY = 4;

/** The slot core uses for a channel's close. */
const CLOSE_SLOT = -1;

/** Which partner roles can complete a parked channel operation. */
const NEEDS: Partial<Record<WaitReason, number>> = {
  'chan send': RECV | ANY,
  'chan receive': SEND | ANY,
  select: SEND | RECV | ANY,
};

/** What a channel partner can still do: it finished, it is stuck (parked, or proven), or it may still move. */
const GONE = 0;
const STUCK = 1;
const FREE = 2;
type PartnerState = typeof GONE | typeof STUCK | typeof FREE;

/** A goroutine parked on something, as the channel-edge search sees it. */
interface Waiting {
  readonly id: number;
  readonly reason: WaitReason;
  readonly objects: readonly ObjectInfo[];
}

/** A cycle's set of goroutines, as a key: the same set whatever goroutine it starts from. */
function cycleKey(cycle: readonly CycleEdge[]): string {
  return cycle.map((w) => w.from).sort((a, b) => a - b).join(',');
}

const NO_EDGES: { edges: ChannelEdge[]; partners: number[] } = { edges: [], partners: [] };

/**
 * Detects lock cycles among parked goroutines, and channel cycles when the run ends
 * stuck; {@link deadlockDetector} makes one.
 *
 * @example
 * ```ts
 * const r = await run(program, { monitors: [new DeadlockMonitor()] });
 * r.findings.filter((f) => f.kind === 'deadlock');
 * ```
 */
export class DeadlockMonitor implements Monitor, StepStamped {
  private readonly locks = new LockTable();
  private readonly goroutines = new GoroutineTable();
  private readonly blocked = new Map<number, BlockEvent>();
  private reported = new Set<string>();
  private readonly findings = new FindingLog();
  /** Channel id -> goroutine -> role bits: who completed which operation on each channel. */
  private readonly partners = new Map<number, Map<number, number>>();
  /** Channel cycles this run already asked core to check. */
  private readonly suspected = new Set<string>();
  private control: RunControl | undefined;
  /** The goroutine of the last `step`, and the operation it performs. */
  private stepG = 0;
  private stepKind: OpKind = 'start';
  private stepObject = 0;

  runStart(_info: RunInfo, control?: RunControl): void {
    this.control = control;
    this.suspected.clear();
    this.partners.clear();
    this.stepG = 0;
    this.stepKind = 'start';
    this.stepObject = 0;
    this.locks.clear();
    this.goroutines.clear();
    this.blocked.clear();
    this.reported = new Set();
    this.findings.reset();
  }

  spawn(e: SpawnEvent): void {
    this.goroutines.spawn(e);
  }

  exit(g: number): void {
    this.goroutines.exit(g);
    this.blocked.delete(g);
  }

  step(step: number, g: number, op: PendingOp): void {
    this.findings.step = step;
    this.stepG = g;
    this.stepKind = op.kind;
    this.stepObject = op.object;
  }

  sync(g: number, object: ObjectInfo, slot: number, mode: SyncMode): void {
    if (object.kind !== 'chan') return;
    let role: number;
    if (slot === CLOSE_SLOT) {
      role = mode === 'release' ? SEND : RECV;
    } else {
      const own = this.stepObject !== object.id ? ANY : this.stepKind === 'chan.send' ? SEND : this.stepKind === 'chan.recv' ? RECV : ANY;
      // A sync naming another goroutine is the parked partner of the stepping one: the other direction.
      role = g === this.stepG ? own : own === SEND ? RECV : own === RECV ? SEND : ANY;
    }
    let users = this.partners.get(object.id);
    if (users === undefined) {
      users = new Map();
      this.partners.set(object.id, users);
    }
    users.set(g, (users.get(g) ?? 0) | role);
  }

  lock(g: number, object: ObjectInfo, held: boolean, shared: boolean, site: SourceLocation | undefined): void {
    if (held) this.locks.acquire(g, object, shared, site);
    else this.locks.release(g, object, shared);
  }

  block(e: BlockEvent): void {
    this.blocked.set(e.goroutine, e);
    const cycle = this.findCycle(e.goroutine, (g) => this.edgesFrom(g), (g) => this.blocked.has(g));
    if (cycle === undefined) {
      if (NEEDS[e.reason] !== undefined) this.suspectChannelCycle(e.goroutine);
      return;
    }
    if (this.firstReport(cycle)) this.findings.push(cycleFinding(cycle, this.blocked, this.goroutines));
  }

  /** Whether this cycle's set of goroutines was not reported yet (and now is). */
  private firstReport(cycle: readonly CycleEdge[]): boolean {
    const key = cycleKey(cycle);
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
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

  /**
   * The channel edges out of waiter `b`, and the partners its report line lists;
   * no edges when a partner of it can still move (`state` FREE) or it has none.
   */
  channelEdgesOf(b: Waiting, state: (g: number) => PartnerState): { edges: ChannelEdge[]; partners: number[] } {
    const need = NEEDS[b.reason];
    if (need === undefined) return NO_EDGES;
    const out: ChannelEdge[] = [];
    const all = new Set<number>();
    for (const object of b.objects) {
      if (object.kind !== 'chan') continue;
      for (const [h, role] of this.partners.get(object.id) ?? []) {
        if (h === b.id || (role & need) === 0) continue;
        all.add(h);
        const s = state(h);
        if (s === GONE) continue; // finished: it can no longer complete the operation
        if (s === FREE) return NO_EDGES;
        out.push({ from: b.id, to: h, object, channel: true });
      }
    }
    if (out.length === 0) return NO_EDGES;
    return { edges: out, partners: [...all].sort((x, y) => x - y) };
  }

  /**
   * Called when goroutine `start` parks on a channel: if it closes a cycle of
   * waits whose channel partners are all parked (none sleeping, runnable or
   * unknown to the events), asks core to prove the members stuck (a stuck check
   * decides by reachability: a goroutine that never used a channel yet may still
   * hold it). Once per set of goroutines per run.
   */
  private suspectChannelCycle(start: number): void {
    const state = (h: number): PartnerState => {
      const b = this.blocked.get(h);
      if (b !== undefined) return b.reason === 'sleep' ? FREE : STUCK;
      return this.goroutines.get(h).finished ? GONE : FREE;
    };
    const memo = new Map<number, ChannelEdge[]>();
    const channelEdges = (g: number): ChannelEdge[] => {
      let edges = memo.get(g);
      if (edges === undefined) {
        const e = this.blocked.get(g);
        edges = e === undefined ? [] : this.channelEdgesOf({ id: g, reason: e.reason, objects: e.objects }, state).edges;
        memo.set(g, edges);
      }
      return edges;
    };
    if (channelEdges(start).length === 0) return;
    const cycle = this.findCycle<CycleEdge>(start, (g) => [...this.edgesFrom(g), ...channelEdges(g)], (g) => this.blocked.has(g));
    if (cycle === undefined || !cycle.some((w) => 'channel' in w)) return;
    const key = cycleKey(cycle);
    if (this.suspected.has(key)) return;
    this.suspected.add(key);
    this.control?.checkStuck();
  }

  /** A cycle of wait-for edges through `start` (only through nodes `isNode` accepts), or undefined. */
  findCycle<E extends CycleEdge>(start: number, edgesOf: (g: number) => readonly E[], isNode: (g: number) => boolean): E[] | undefined {
    const path: E[] = [];
    const visited = new Set<number>([start]);
    const visit = (g: number): boolean => {
      for (const edge of edgesOf(g)) {
        if (edge.to === start) {
          path.push(edge);
          return true;
        }
        if (visited.has(edge.to) || !isNode(edge.to)) continue;
        visited.add(edge.to);
        path.push(edge);
        if (visit(edge.to)) return true;
        path.pop();
      }
      return false;
    };
    return visit(start) ? path : undefined;
  }

  /**
   * The lock cycles found during the run, plus, when core's findings prove the run
   * stuck (a `deadlock` or a `leak`), each cycle with a channel wait among the
   * goroutines still blocked.
   */
  runEnd(e: RunEndEvent): Finding[] {
    const out = this.findings.all();
    // The goroutines core proved stuck: every live one at a global deadlock, the
    // leaked ones, or those a stuck check found nothing can reach.
    const proven = new Set<number>();
    for (const f of e.findings) if (f.kind === 'deadlock' || f.kind === 'leak') for (const g of f.goroutines) proven.add(g);
    if (proven.size === 0) return out;
    const alive = new Map(e.blocked.map((b) => [b.id, b]));
    const state = (h: number): PartnerState => (proven.has(h) ? STUCK : alive.has(h) ? FREE : GONE);
    const edges = new Map<number, ChannelEdge[]>();
    const partners = new Map<number, number[]>();
    for (const b of alive.values()) {
      if (!proven.has(b.id) || b.reason === 'runnable') continue;
      const found = this.channelEdgesOf({ id: b.id, reason: b.reason, objects: b.objects }, state);
      if (found.edges.length === 0) continue;
      edges.set(b.id, found.edges);
      partners.set(b.id, found.partners);
    }
    if (edges.size === 0) return out;
    const edgesOf = (g: number): CycleEdge[] => [...this.edgesFrom(g), ...(edges.get(g) ?? [])];
    const isNode = (g: number): boolean => this.blocked.has(g) || edges.has(g);
    const ctx = { alive, partners, blocked: this.blocked };
    for (const start of [...edges.keys()].sort((a, b) => a - b)) {
      const cycle = this.findCycle(start, edgesOf, isNode);
      if (cycle === undefined || !cycle.some((w) => 'channel' in w) || !this.firstReport(cycle)) continue;
      out.push(channelCycleFinding(cycle, ctx));
    }
    return out;
  }

  /** The step of the run in which a lock cycle reported by the last run closed (channel cycles: none, they are found at the end). */
  stepOf(finding: Finding): number | undefined {
    return this.findings.stepOf(finding);
  }
}

/**
 * A fresh partial-deadlock detector: reports goroutines that wait for each other
 * through Mutex and RWMutex locks the moment the cycle closes, and cycles through
 * channels as soon as core proves their members stuck (a stuck check while others
 * still run, a global deadlock, or leaked goroutines).
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
