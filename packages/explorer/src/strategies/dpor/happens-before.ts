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
 * a channel wake must have nothing after it. Only under `sharedState:
 * 'objects'`: otherwise any step's code may touch plain state that the blocked
 * goroutine's code before its attempt touched.
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
import { END, type Footprint } from '../../trace/footprint.ts';

/**
 * The part of a step that happens-before needs (a `StepRecord` is one).
 *
 * @example
 * ```ts
 * const e: HbEvent = { g: 2, local: 0, fp: new Map([[7, true]]), prev: -1, spawnPred: 0, wakePred: -1, barrier: -1 };
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
  private readonly tids = new Map<number, number>();
  private readonly clocks: Int32Array[] = [];
  private readonly raceList: Race[] = [];

  /** `from`: races whose later event has an index below it are not reported. */
  constructor(readonly events: readonly HbEvent[], from = 0, private readonly options: HbOptions = { cleanWakes: false }) {
    for (const e of events) if (!this.tids.has(e.g)) this.tids.set(e.g, this.tids.size);
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
    if (c === undefined) throw new Error(`no clock for event ${k}`);
    return c;
  }

  /** The dense thread index of goroutine `g`. */
  tid(g: number): number {
    const t = this.tids.get(g);
    if (t === undefined) throw new Error(`unknown goroutine ${g}`);
    return t;
  }

  private ev(k: number): HbEvent {
    const e = this.events[k];
    if (e === undefined) throw new Error(`no event ${k}`);
    return e;
  }

  private compute(from: number): void {
    const width = this.tids.size;
    const lastWrite = new Map<number, number>();
    const reads = new Map<number, number[]>();
    const latest = new Int32Array(width).fill(-1);
    const barriers = new Set<number>();
    for (const e of this.events) if (e.barrier >= 0) barriers.add(e.barrier);
    const snaps = new Map<number, Int32Array>();
    const released = new Map<number, Int32Array>();
    const all = new Int32Array(width);
    let endWriter = -1;
    for (let j = 0; j < this.events.length; j++) {
      if (barriers.has(j)) snaps.set(j, all.slice());
      const e = this.ev(j);
      const base = e.prev >= 0 ? this.clockOf(e.prev).slice() : new Int32Array(width);
      if (e.spawnPred >= 0) join(base, this.clockOf(e.spawnPred));
      if (e.wakePred >= 0) join(base, this.clockOf(e.wakePred));
      if (e.barrier >= 0) join(base, snaps.get(e.barrier) ?? all);
      for (const o of e.acquires ?? NONE) {
        const r = released.get(o);
        if (r !== undefined) join(base, r);
      }
      const exempt = this.options.cleanWakes && e.wakeDirty !== true ? e.woke : undefined;
      // Candidate predecessors by dependence: at most one (the latest) per goroutine.
      const cand = new Map<number, number>();
      const add = (k: number): void => {
        if (exempt !== undefined && exempt.includes(k)) return;
        const t = this.tid(this.ev(k).g);
        const had = cand.get(t);
        if (had === undefined || had < k) cand.set(t, k);
      };
      for (const [key, write] of e.fp) {
        if (key === END) {
          if (write) for (const k of latest) if (k >= 0) add(k);
          continue;
        }
        const w = lastWrite.get(key);
        if (w !== undefined) add(w);
        if (write) for (const r of reads.get(key) ?? []) add(r);
      }
      if (endWriter >= 0 && e.fp.get(END) !== true) add(endWriter);
      cand.delete(this.tid(e.g));
      const clock = base.slice();
      for (const k of cand.values()) join(clock, this.clockOf(k));
      clock[this.tid(e.g)] = e.local + 1;
      this.clocks.push(clock);
      if (j >= from) this.findRaces(j, base, cand);
      for (const o of e.releases ?? NONE) {
        const r = released.get(o);
        if (r === undefined) released.set(o, clock.slice());
        else join(r, clock);
      }
      for (const [key, write] of e.fp) {
        if (key === END) {
          if (write) endWriter = j;
          continue;
        }
        if (write) {
          lastWrite.set(key, j);
          reads.delete(key);
        } else {
          let list = reads.get(key);
          if (list === undefined) reads.set(key, (list = []));
          list.push(j);
        }
      }
      latest[this.tid(e.g)] = j;
      join(all, clock);
    }
  }

  private findRaces(j: number, base: Int32Array, cand: Map<number, number>): void {
    for (const i of cand.values()) {
      const ei = this.ev(i);
      const ti = this.tid(ei.g);
      if (base[ti]! > ei.local) continue;
      let covered = false;
      for (const k of cand.values()) {
        if (k !== i && this.clockOf(k)[ti]! > ei.local) {
          covered = true;
          break;
        }
      }
      if (!covered) this.raceList.push({ i, j });
    }
  }
}

const NONE: readonly number[] = [];

function join(into: Int32Array, from: Int32Array): void {
  for (let t = 0; t < into.length; t++) if (from[t]! > into[t]!) into[t] = from[t]!;
}
