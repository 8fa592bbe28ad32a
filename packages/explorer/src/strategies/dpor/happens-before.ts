/**
 * Happens-before over the steps of one run, with vector clocks, and the races
 * that source-set DPOR reverses (Abdulla, Aronis, Jonsson, Sagonas: "Optimal
 * dynamic partial order reduction", POPL 2014, Definition of e ⋖ e').
 *
 * Happens-before is the transitive closure of: program order, creation (spawn),
 * wake-ups, time barriers, WaitGroup releases before the acquires that follow
 * them (`releases`/`acquires`: a `wait` returns only after every earlier `done`,
 * an order that no schedule can reverse, so it is not a race), and the order of
 * dependent steps (same object, one of them writing; see
 * ../../trace/footprint.ts).
 *
 * Clean wakes (`cleanWakes` on): a blocked attempt (`park`) and the step that
 * completed its operation and woke it (`woke`) are not dependent, unless that
 * step's own operation could have blocked (a channel one) and it did something
 * after the wake (`wakeDirty`). Had the waker come first, the attempt would have
 * completed at once, with the object left as the waker left it
 * (../../trace/recorder.ts, PARKING_OPS): the same completed operations in the
 * same order per object. An unlock or a `done` never blocks, so the rest of its
 * step comes before the woken goroutine's next step either way; a send that
 * came first would have blocked, letting the receiver go on first, which is why
 * a channel wake must have nothing after it. For the same reason the waker's
 * goroutine goes on after a channel wake only with its partner there, in either
 * order: its next step happens after the attempt it completed (a rendezvous, as
 * the woken goroutine's next step happens after the waker). Only for an
 * unbuffered hand-off (`handoff`): a send into a buffered channel whose receiver
 * waited would, had it come first, have gone into the buffer without blocking. Only under `sharedState:
 * 'objects'`: otherwise any step's code may touch plain state that the blocked
 * goroutine's code before its attempt touched.
 *
 * A Mutex lock's race partner (`cleanWakes` on): a lock that finds the Mutex free
 * is dependent on the unlock before it, and ordered after it, but that order is
 * not the one to reverse: put before the unlock, the lock only blocks and is
 * woken by it, a clean wake and the same trace. The order that matters is with
 * the lock that opened the critical section the unlock closed: when that lock
 * took the Mutex in its own step and the unlock's step is the only one that
 * wrote the Mutex since, in the same goroutine, the race is reported with that
 * lock (as Nidhugg does), and the unlock still orders the clocks. Three
 * goroutines locking one Mutex around an atomic add: 6 runs (3! lock orders),
 * 42 with the race taken against the unlock.
 *
 * Two steps e (earlier) and e' of different goroutines are in a race when they
 * are dependent and nothing else orders them: e happens before e' and there is no
 * e'' with e → e'' → e'. Reversing such a race gives a new Mazurkiewicz trace.
 *
 * Events are the recorded steps, followed by one virtual event per goroutine that
 * was still runnable when the run ended: it reads END, so it races with the step
 * that ended the run (see footprint.ts), which is how a goroutine disabled by
 * main's return gets a chance to run first.
 *
 * Invariants: `clock(k)[tid(g)] === local + 1` for event k of goroutine g; clocks
 * are computed in event order, so every predecessor's clock exists when needed.
 */
import { END, FAIR, type Footprint } from '../../trace/footprint.ts';

/**
 * The part of a step that happens-before needs (a `StepRecord` is one).
 *
 * @example
 * ```ts
 * const e: HbEvent = { g: 2, local: 0, fp: new Footprint([[7, true]]), prev: -1, spawnPred: 0, wakePred: -1, barrier: -1 };
 * ```
 */
export interface HbEvent {
  readonly g: number;
  readonly local: number;
  readonly fp: Footprint;
  readonly prev: number;
  readonly spawnPred: number;
  readonly wakePred: number;
  readonly barrier: number;
  /** WaitGroups whose earlier releases happen before this event. */
  readonly acquires?: readonly number[] | undefined;
  /** WaitGroups this event released. */
  readonly releases?: readonly number[] | undefined;
  /** Blocked attempts (event indexes) this event completed and woke. */
  readonly woke?: readonly number[] | undefined;
  /** The event did something after its first wake (its wakes are not clean). */
  readonly wakeDirty?: boolean;
  /** The operation the event started with (a `StepRecord`'s); a channel one may be a rendezvous. */
  readonly op?: string;
  /** The object of that operation, 0 for none. */
  readonly object?: number;
  /** A blocked attempt: the object it queued on; 0 (or absent) for an event that was not one. */
  readonly park?: number;
  /** Its operation was an unbuffered channel hand-off with a parked partner (a `StepRecord`'s). */
  readonly handoff?: boolean;
}

/**
 * How {@link HappensBefore} relates events beyond their footprints.
 *
 * @example
 * ```ts
 * new HappensBefore(events, 0, { cleanWakes: true });
 * ```
 */
export interface HbOptions {
  /** A clean wake does not make the blocked attempt it completed dependent on it (see the file comment). */
  readonly cleanWakes: boolean;
}

/**
 * A race between event `i` (earlier) and event `j`.
 *
 * @example
 * ```ts
 * for (const { i, j } of hb.races()) console.log(`step ${i} races with step ${j}`);
 * ```
 */
export interface Race {
  readonly i: number;
  readonly j: number;
}

/**
 * Vector clocks of a run's events and the races among them.
 *
 * @example
 * ```ts
 * const hb = new HappensBefore(events);
 * const races = hb.races(0);
 * hb.before(races[0].i, races[0].j); // true
 * ```
 */
export class HappensBefore {
  /** Goroutine id -> dense thread index + 1 (0: not in the run); ids are small integers. */
  private tids: Int32Array = new Int32Array(0);
  /** How many goroutines the events have (the clocks' width). */
  private width = 0;
  /** Event k's clock; a hole while k is chained (sized once: writing past the end grows it step by step). */
  private clocks: (Int32Array | undefined)[] = [];
  private readonly raceList: Race[] = [];
  private rows: Rows = new Rows(0);
  /** 1 for an event whose clock is not made yet: it is the one before's plus its own entry. */
  private chained: Uint8Array = new Uint8Array(0);
  /** The `seen` count of every event (its row is 0 from there on). */
  private seenAt: Int32Array = new Int32Array(0);

  /** `from`: races whose later event has an index below it are not reported. */
  constructor(readonly events: readonly HbEvent[], from = 0, private readonly options: HbOptions = { cleanWakes: false }) {
    let top = 0;
    for (const e of events) top = Math.max(top, e.g);
    this.tids = new Int32Array(top + 1);
    for (const e of events) if (this.tids[e.g] === 0) this.tids[e.g] = ++this.width;
    this.clocks = new Array<Int32Array | undefined>(events.length);
    this.compute(from);
  }

  /** Races `e ⋖ e'` whose later event has index >= `from` given to the constructor. */
  races(): readonly Race[] {
    return this.raceList;
  }

  /** True when event `a` happens before (or is) event `b`. */
  before(a: number, b: number): boolean {
    const ea = this.ev(a);
    return this.clockOf(b)[this.tid(ea.g)]! > ea.local;
  }

  /** The event's clock (do not modify). */
  clockOf(k: number): Int32Array {
    const c = this.clocks[k];
    if (c !== undefined) return c;
    if (this.chained[k] === 1) return this.materialize(k);
    throw new Error(`no clock for event ${k}`);
  }

  /**
   * Makes the clock of chained event `k`: the clock of the latest unchained event m
   * before it, plus the own entries of events m+1..k (each chained event's clock is
   * the one before's plus its own entry, and a goroutine's later entry is larger).
   */
  private materialize(k: number): Int32Array {
    let m = k - 1;
    while (this.chained[m] === 1) m--; // event 0 is never chained
    const clock = this.rows.row();
    clock.set(this.clocks[m]!.subarray(0, this.seenAt[m]));
    for (let x = m + 1; x <= k; x++) {
      const e = this.ev(x);
      clock[this.tid(e.g)] = e.local + 1;
    }
    this.clocks[k] = clock;
    this.chained[k] = 0;
    return clock;
  }

  /** The dense thread index of goroutine `g`. */
  tid(g: number): number {
    const t = g >= 0 && g < this.tids.length ? this.tids[g]! : 0;
    if (t === 0) throw new Error(`unknown goroutine ${g}`);
    return t - 1;
  }

  private ev(k: number): HbEvent {
    const e = this.events[k];
    if (e === undefined) throw new Error(`no event ${k}`);
    return e;
  }

  private compute(from: number): void {
    const width = this.width;
    const lastWrite = new Map<number, number>();
    const reads = new Map<number, number[]>();
    const latest = new Int32Array(width).fill(-1);
    const barriers = new Set<number>();
    for (const e of this.events) if (e.barrier >= 0) barriers.add(e.barrier);
    // The join of every clock before a time barrier. A goroutine's clocks only grow in
    // program order, so that is the join of each goroutine's latest clock: computed at
    // the few barriers (goroutines x width each), not kept up to date at every event.
    const snaps = new Map<number, Int32Array>();
    // WaitGroup releases: per WaitGroup, the join of its releasing events' clocks, or, while
    // every clock so far is below the latest (`dominant`), the latest releasing event, whose
    // clock that join is (made when read: most releasing events are chained, and a clock
    // made for each cost a row and two passes over it, 1,000 per run of 1,000 goroutines).
    const released = new Map<number, Int32Array>();
    const releasedBy = new Map<number, number>();
    const releasedClock = (o: number): Int32Array | undefined => {
      const by = releasedBy.get(o);
      return by === undefined ? released.get(o) : this.clockOf(by);
    };
    // Candidate predecessors by dependence of the event at hand: at most one (the latest) per goroutine.
    const cand = new PerThread(width);
    // The same, as partners of a race: a lock's partner is the lock that opened the critical section before it, not its unlock (see sections).
    const raceCand = new PerThread(width);
    // The blocked attempts a clean wake of the event at hand completed: not its predecessors (cleanWakes).
    let exempt: readonly number[] | undefined;
    const add = (k: number, partner = k): void => {
      if (exempt !== undefined && exempt.includes(k)) return;
      const t = this.tid(this.ev(k).g);
      cand.offer(t, k);
      raceCand.offer(t, partner);
    };
    // Mutex critical sections (cleanWakes): per Mutex, the step whose own lock took it and
    // the steps that wrote it since. A lock that finds the Mutex free after the one step
    // that unlocked it, in the same goroutine, races with the lock that opened that section:
    // put before the unlock it would only block and be woken by it (a clean wake: the same
    // trace), put before the opening lock it takes the Mutex first (Nidhugg reverses a
    // lock's race with the lock before it in the same way).
    const sections = new Map<number, { lock: number; writes: number }>();
    let endWriter = -1;
    // The latest step that ended in a yield without progress (footprint.ts, FAIR): every step reads FAIR.
    let fairWriter = -1;
    // Clocks are rows of shared buffers (a typed array of its own per event cost an
    // allocation of its backing store each: most of the time of a run of 1,000
    // goroutines), made only for events that are not chained or whose clock is read.
    this.rows = new Rows(width);
    this.chained = new Uint8Array(this.events.length);
    this.seenAt = new Int32Array(this.events.length);
    // Dense thread indices are given in order of first appearance, so no clock of
    // events 0..j has a non-zero entry at or past `seen` (joins stop there).
    let seen = 0;
    // Every clock so far is below the latest event's (true while each event has the one
    // before it among its predecessors: a program whose every step writes plain memory).
    // Then an event that follows the one before it has that clock plus its own entry, a
    // copy: no join to compute.
    let dominant = true;
    for (let j = 0; j < this.events.length; j++) {
      if (barriers.has(j)) {
        const snap = new Int32Array(width);
        for (const k of latest) if (k >= 0) join(snap, this.clockOf(k), seen);
        snaps.set(j, snap);
      }
      const e = this.ev(j);
      seen = Math.max(seen, this.tid(e.g) + 1);
      cand.clear();
      raceCand.clear();
      exempt = this.options.cleanWakes && e.wakeDirty !== true ? e.woke : undefined;
      const fp = e.fp;
      for (let x = 0; x < fp.size; x++) {
        const key = fp.keyAt(x);
        const write = fp.wroteAt(x);
        if (key === END || key === FAIR) {
          if (write) for (const k of latest) if (k >= 0) add(k);
          continue;
        }
        const w = lastWrite.get(key);
        if (w !== undefined) {
          const section = this.options.cleanWakes && takes(e, key) ? sections.get(key) : undefined;
          const opened = section !== undefined && section.writes === 1 && section.lock !== w && this.ev(section.lock).g === this.ev(w).g && excludes(e, this.ev(section.lock)) ? section.lock : w;
          add(w, opened);
        }
        if (write) {
          const rs = reads.get(key);
          if (rs !== undefined) for (const r of rs) add(r);
        }
      }
      if (endWriter >= 0 && fp.get(END) !== true) add(endWriter);
      if (fairWriter >= 0 && fp.get(FAIR) !== true) add(fairWriter);
      const follows: boolean = dominant && j > 0 && (e.prev === j - 1 || e.spawnPred === j - 1 || e.wakePred === j - 1 || cand.get(this.tid(this.ev(j - 1).g)) === j - 1);
      cand.delete(this.tid(e.g));
      raceCand.delete(this.tid(e.g));
      this.seenAt[j] = seen;
      if (follows && j < from) {
        // No races to find here: its clock is made when it is read (clockOf).
        this.chained[j] = 1;
      } else {
        // Entries at or past `seen` stay 0.
        const clock = this.rows.row();
        // Its base clock (program order, creation, wake, barrier), read by findRaces,
        // then joined with its dependence predecessors in place.
        if (e.prev >= 0) clock.set(this.clockOf(e.prev).subarray(0, seen));
        if (e.spawnPred >= 0) join(clock, this.clockOf(e.spawnPred), seen);
        if (e.wakePred >= 0) join(clock, this.clockOf(e.wakePred), seen);
        if (e.barrier >= 0) {
          // Taken at the top of iteration e.barrier <= j (a barrier precedes the steps it orders).
          const snap = snaps.get(e.barrier);
          if (snap === undefined) throw new Error(`interleave internal error: event ${j} follows barrier ${e.barrier}, which is not before it`);
          join(clock, snap, seen);
        }
        // Release/acquire (WaitGroup dones before a wait): below the latest clock while
        // every clock is, so a chained event needs none of them.
        for (const o of e.acquires ?? NONE) {
          const r = releasedClock(o);
          if (r !== undefined) join(clock, r, seen);
        }
        // A clean channel wake is a rendezvous: the waker's goroutine goes on only with a
        // partner there, either order. Its next step follows the attempt (as the woken
        // goroutine's follows the waker, `wakePred`); same argument as just above.
        const before = e.prev >= 0 ? this.ev(e.prev) : undefined;
        if (before !== undefined && this.rendezvous(before)) for (const a of before.woke!) join(clock, this.clockOf(a), seen);
        if (j >= from) this.findRaces(j, clock, raceCand);
        if (follows) clock.set(this.clockOf(j - 1).subarray(0, seen));
        else for (let x = 0; x < cand.count; x++) {
          const k = cand.at(x);
          if (k >= 0) join(clock, this.clockOf(k), seen);
        }
        clock[this.tid(e.g)] = e.local + 1;
        this.clocks[j] = clock;
      }
      dominant = j === 0 || follows;
      for (const o of e.releases ?? NONE) {
        if (dominant) {
          releasedBy.set(o, j);
          continue;
        }
        const r = releasedClock(o);
        if (r === undefined || releasedBy.delete(o)) released.set(o, r === undefined ? this.clockOf(j).slice() : joined(r, this.clockOf(j), seen));
        else join(r, this.clockOf(j), seen);
      }
      for (let x = 0; x < fp.size; x++) {
        const key = fp.keyAt(x);
        const write = fp.wroteAt(x);
        if (key === END || key === FAIR) {
          if (write && key === END) endWriter = j;
          if (write && key === FAIR) fairWriter = j;
          continue;
        }
        if (write) {
          lastWrite.set(key, j);
          // A write covers the reads before it (they happen before it), but not a select
          // attempt its clean wake completed: that attempt is not before it, and a later write
          // of another of the select's channels (by the waker's goroutine, say) still races
          // with it: put before the select, it would have made that case ready too.
          const kept = exempt !== undefined ? reads.get(key)?.filter((r) => exempt!.includes(r) && this.ev(r).op === 'select') : undefined;
          if (kept !== undefined && kept.length > 0) reads.set(key, kept);
          else reads.delete(key);
          if (this.options.cleanWakes && takes(e, key)) sections.set(key, { lock: j, writes: 0 });
          else {
            const section = sections.get(key);
            if (section !== undefined) section.writes++;
          }
        } else {
          let list = reads.get(key);
          if (list === undefined) reads.set(key, (list = []));
          list.push(j);
        }
      }
      latest[this.tid(e.g)] = j;
    }
  }

  /** A clean wake of `e` that completed a channel operation with the attempts it woke (see the file comment). */
  private rendezvous(e: HbEvent): boolean {
    return this.options.cleanWakes && e.woke !== undefined && e.wakeDirty !== true && e.handoff === true;
  }

  private findRaces(j: number, base: Int32Array, cand: PerThread): void {
    for (let x = 0; x < cand.count; x++) {
      const i = cand.at(x);
      if (i < 0) continue;
      const ei = this.ev(i);
      const ti = this.tid(ei.g);
      if (base[ti]! > ei.local) continue;
      let covered = false;
      for (let y = 0; y < cand.count; y++) {
        const k = cand.at(y);
        if (k >= 0 && k !== i && this.clockOf(k)[ti]! > ei.local) {
          covered = true;
          break;
        }
      }
      if (!covered) this.raceList.push({ i, j });
    }
  }
}

const NONE: readonly number[] = [];

/**
 * Event `e` took lock `key` in its own step, or passed Once `key`: a Mutex or
 * RWMutex lock (or read lock) that found it free (a woken waiter's relock too),
 * a Once `do` that opened it (a write) or found its call finished (a read).
 */
function takes(e: HbEvent, key: number): boolean {
  return e.object === key && (e.park ?? 0) === 0 && TAKING_OPS.has(e.op ?? '');
}

const TAKING_OPS: ReadonlySet<string> = new Set(['mutex.lock', 'rwmutex.lock', 'rwmutex.rlock', 'once.do']);

/**
 * Put before the step that closed the section `opening` opened, `e` would have
 * blocked (and been woken by it, the same trace): not so for a read lock after a
 * section a read lock opened (readers share the lock).
 */
function excludes(e: HbEvent, opening: HbEvent): boolean {
  return !(e.op === 'rwmutex.rlock' && opening.op === 'rwmutex.rlock');
}

/** `into ⊔= from` over the first `n` entries (the others are 0 in both). */
function join(into: Int32Array, from: Int32Array, n: number): void {
  for (let t = 0; t < n; t++) {
    const v = from[t]!;
    if (v > into[t]!) into[t] = v;
  }
}

/** A copy of `a` joined with `b` over the first `n` entries. */
function joined(a: Int32Array, b: Int32Array, n: number): Int32Array {
  const out = a.slice();
  join(out, b, n);
  return out;
}

/**
 * Per thread index, the latest event offered (-1: none), listed in the order the
 * threads were first offered since the last `clear` (the order a `Map` from
 * thread to event iterates in: races are reported in it). Typed arrays: a `Map`
 * cleared, deleted from and refilled at every event allocated its table anew.
 */
class PerThread {
  private readonly latest: Int32Array;
  private readonly order: Int32Array;
  /** Threads listed in `order` (some may have been deleted since: they read -1). */
  count = 0;

  constructor(width: number) {
    this.latest = new Int32Array(width).fill(-1);
    this.order = new Int32Array(width);
  }

  /** Keeps `k` for thread `t` if it is later than the one kept. */
  offer(t: number, k: number): void {
    const had = this.latest[t]!;
    if (had < 0) this.order[this.count++] = t;
    if (had < k) this.latest[t] = k;
  }

  get(t: number): number {
    return this.latest[t]!;
  }

  /** Forgets thread `t` (not offered again before the next `clear`: its place in the order would be stale). */
  delete(t: number): void {
    this.latest[t] = -1;
  }

  /** The event kept for the `x`-th thread listed, or -1 when it was deleted. */
  at(x: number): number {
    return this.latest[this.order[x]!]!;
  }

  clear(): void {
    for (let x = 0; x < this.count; x++) this.latest[this.order[x]!] = -1;
    this.count = 0;
  }
}

const ROWS_PER_BUFFER = 64;

/** Rows of `width` zeros, cut from buffers of {@link ROWS_PER_BUFFER} rows (one allocation per buffer, never moved). */
class Rows {
  private buffer = new Int32Array(0);
  /** The next free row of `buffer` (full at the start: the first row allocates). */
  private next = ROWS_PER_BUFFER;

  constructor(private readonly width: number) {}

  row(): Int32Array {
    if (this.next === ROWS_PER_BUFFER) {
      this.buffer = new Int32Array(ROWS_PER_BUFFER * this.width);
      this.next = 0;
    }
    const at = this.next++ * this.width;
    return this.buffer.subarray(at, at + this.width);
  }
}
