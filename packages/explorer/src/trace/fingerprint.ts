/**
 * Fingerprints of a run, computed online as its events arrive (no strings, no
 * per-step storage), for statistics:
 * - the class: the run's Mazurkiewicz trace. Steps are named by (goroutine spawn
 *   path, ordinal), which does not change when independent steps are reordered;
 *   the trace is the sequence of accesses on every object, each write in order
 *   and the reads between two writes as a set, plus the number of steps of every
 *   goroutine, the answers of select and random decisions, and the goroutines
 *   timers woke at each time barrier (what a timer decision decides).
 * - the terminal state, as far as the runtime can see it (values are not
 *   visible): the findings, what every live goroutine waits on, and which step
 *   last wrote every object.
 *
 * Two independent 32-bit lanes make a 53-bit hash (an exact JS integer).
 *
 * Invariant: equivalent runs (same trace) get the same class fingerprint, as long
 * as objects are created in the same order (core numbers objects by creation).
 */
import type { RunResult } from '../core.ts';

/** Running hash of one object's accesses. */
interface KeyState {
  h1: number;
  h2: number;
  /** Commutative sums of the reads since the last write. */
  r1: number;
  r2: number;
  reads: boolean;
  /** The last reader's step name (a step's repeated reads count once). */
  q1: number;
  q2: number;
  /** The last writer's step name. */
  w1: number;
  w2: number;
}

const SEED1 = 0x811c9dc5;
const SEED2 = 0x050c5d1f;
const READS = 0x52454144;

/**
 * Hashes a run's trace and terminal state as it goes. The recorder drives it:
 * `spawn` for every goroutine, `step` at every step, `touch` for every access.
 *
 * @example
 * ```ts
 * const h = new TraceHasher();
 * h.step(1); h.touch(3, true);
 * h.classHash(); // an integer below 2^53
 * ```
 */
export class TraceHasher {
  /** Path hashes by goroutine id (main is 1). */
  private readonly p1: number[] = [0, mix(SEED1, 1)];
  private readonly p2: number[] = [0, mix(SEED2, 1)];
  private readonly children: number[] = [];
  private readonly counts: number[] = [];
  /** Per object id (core's ids are small and dense), the state of its accesses. */
  private readonly objects: (KeyState | undefined)[] = [];
  /** The same for the pseudo-objects (negative keys: footprint.ts). */
  private readonly pseudo = new Map<number, KeyState>();
  /** Keys in `objects` and `pseudo`. */
  private keyCount = 0;
  private e1 = 0;
  private e2 = 0;
  private choiceN = 0;
  private choices1 = 0;
  private choices2 = 0;
  /** The goroutines timers woke, in order, one group per time barrier. */
  private barrier1 = SEED1;
  private barrier2 = SEED2;
  private stepsSinceBarrier = 0;
  /** Every key touched, in order, once the run is over (both hashes walk them). */
  private sorted: number[] | undefined = undefined;

  /** Goroutine `child` was created by `parent` (0 for the runtime). */
  spawn(parent: number, child: number): void {
    const n = (this.children[parent] ?? 0) + 1;
    this.children[parent] = n;
    this.p1[child] = mix(this.p1[parent] ?? SEED1, n);
    this.p2[child] = mix((this.p2[parent] ?? SEED2) ^ 0x2545f491, n);
  }

  /** A timer or the runtime woke goroutine `g` (every goroutine was blocked). */
  barrierWake(g: number): void {
    if (this.stepsSinceBarrier > 0) {
      this.barrier1 = mix(this.barrier1, READS);
      this.barrier2 = mix(this.barrier2, READS);
      this.stepsSinceBarrier = 0;
    }
    this.barrier1 = mix(this.barrier1, this.p1[g] ?? g);
    this.barrier2 = mix(this.barrier2, this.p2[g] ?? g);
  }

  /** Goroutine `g` takes its next step. */
  step(g: number): void {
    this.stepsSinceBarrier++;
    const local = this.counts[g] ?? 0;
    this.counts[g] = local + 1;
    this.e1 = mix(this.p1[g] ?? mix(SEED1, g), local);
    this.e2 = mix(this.p2[g] ?? mix(SEED2, g), local);
    this.choiceN = 0;
  }

  /**
   * Takes back goroutine `g`'s current step, which touched nothing yet: it was a
   * blocked attempt, not an event (see recorder.ts), so the class does not count it.
   */
  uncountStep(g: number): void {
    const n = this.counts[g];
    if (n !== undefined && n > 0) this.counts[g] = n - 1;
    if (this.stepsSinceBarrier > 0) this.stepsSinceBarrier--;
  }

  /** The current step answered a non-goroutine decision. */
  choice(answer: number): void {
    const k = this.choiceN++;
    this.choices1 = (this.choices1 + mix(mix(this.e1, k), answer)) | 0;
    this.choices2 = (this.choices2 + mix(mix(this.e2, k), answer)) | 0;
  }

  /**
   * Goroutine `g`'s next step reads object `key`, observed now in another step (a
   * WaitGroup waiter released by a `done`: its `wait` reads the group, as one that
   * returns at once does).
   */
  readAs(key: number, g: number): void {
    const e1 = this.e1;
    const e2 = this.e2;
    const local = this.counts[g] ?? 0;
    this.e1 = mix(this.p1[g] ?? mix(SEED1, g), local);
    this.e2 = mix(this.p2[g] ?? mix(SEED2, g), local);
    this.touch(key, false);
    this.e1 = e1;
    this.e2 = e2;
  }

  /** The current step read or wrote object `key`. */
  touch(key: number, write: boolean): void {
    let k = this.state(key);
    if (k === undefined) {
      k = { h1: SEED1, h2: SEED2, r1: 0, r2: 0, reads: false, q1: 0, q2: 0, w1: 0, w2: 0 };
      if (key >= 0) this.objects[key] = k;
      else this.pseudo.set(key, k);
      this.keyCount++;
    }
    if (write) {
      flushReads(k);
      k.h1 = mix(k.h1, this.e1);
      k.h2 = mix(k.h2, this.e2);
      k.w1 = this.e1;
      k.w2 = this.e2;
    } else if (!k.reads || k.q1 !== this.e1 || k.q2 !== this.e2) {
      k.q1 = this.e1;
      k.q2 = this.e2;
      k.r1 = (k.r1 + this.e1) | 0;
      k.r2 = (k.r2 + this.e2) | 0;
      k.reads = true;
    }
  }

  /** The keys of every object touched, in order (computed once, when the run is over). */
  private sortedKeys(): number[] {
    if (this.sorted === undefined || this.sorted.length !== this.keyCount) {
      const sorted = [...this.pseudo.keys()].sort(byNumber);
      const objects = this.objects;
      for (let key = 0; key < objects.length; key++) if (objects[key] !== undefined) sorted.push(key);
      this.sorted = sorted;
    }
    return this.sorted;
  }

  private state(key: number): KeyState | undefined {
    return key >= 0 ? this.objects[key] : this.pseudo.get(key);
  }

  /** The run's Mazurkiewicz trace, hashed to 53 bits. */
  classHash(): number {
    let c1 = 0;
    let c2 = 0;
    const counts = this.counts;
    for (let g = 0; g < counts.length; g++) {
      const n = counts[g];
      if (n === undefined) continue;
      c1 = (c1 + mix(this.p1[g] ?? g, n)) | 0;
      c2 = (c2 + mix(this.p2[g] ?? g, n)) | 0;
    }
    let a1 = mix(mix(mix(SEED1, this.choices1), c1), this.barrier1);
    let a2 = mix(mix(mix(SEED2, this.choices2), c2), this.barrier2);
    for (const key of this.sortedKeys()) {
      const k = this.state(key)!;
      flushReads(k);
      a1 = mix(mix(a1, key), k.h1);
      a2 = mix(mix(a2, key), k.h2);
    }
    return join53(a1, a2);
  }

  /**
   * The run's terminal state, hashed to 53 bits: findings, live goroutines (`blocked`:
   * goroutine id and wait reason; 'runnable' for those that could still run) and
   * the last writer of every object.
   */
  stateHash(result: RunResult, live: readonly { id: number; reason: string }[]): number {
    let a1 = SEED1;
    let a2 = SEED2;
    if (result.findings.length > 0) {
      for (const f of result.findings.map((x) => `${x.kind}:${x.message}`).sort()) {
        // Both lanes in one pass over the text (as mixString twice, one read of each character).
        a2 ^= 0x2545f491;
        for (let i = 0; i < f.length; i++) {
          const c = f.charCodeAt(i);
          a1 = mix(a1, c);
          a2 = mix(a2, c);
        }
      }
    }
    let l1 = 0;
    let l2 = 0;
    for (const g of live) {
      l1 = (l1 + mixString(this.p1[g.id] ?? g.id, g.reason)) | 0;
      l2 = (l2 + mixString(this.p2[g.id] ?? g.id, g.reason)) | 0;
    }
    a1 = mix(a1, l1);
    a2 = mix(a2, l2);
    for (const key of this.sortedKeys()) {
      const k = this.state(key)!;
      a1 = mix(mix(a1, key), k.w1);
      a2 = mix(mix(a2, key), k.w2);
    }
    return join53(a1, a2);
  }
}

function byNumber(x: number, y: number): number {
  return x - y;
}

function flushReads(k: KeyState): void {
  if (!k.reads) return;
  k.h1 = mix(mix(k.h1, READS), k.r1);
  k.h2 = mix(mix(k.h2, READS), k.r2);
  k.r1 = k.r2 = 0;
  k.reads = false;
}

/**
 * A 32-bit mixing step (multiply, xor-shift: MurmurHash2's).
 *
 * @example
 * ```ts
 * mix(0, 1) !== mix(1, 0); // true
 * ```
 */
export function mix(h: number, x: number): number {
  let v = Math.imul(h ^ x, 0x5bd1e995);
  v ^= v >>> 13;
  v = Math.imul(v, 0x5bd1e995);
  return v ^ (v >>> 15);
}

function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** Two 32-bit lanes as one exact integer of 53 bits (a cheap Set key). */
function join53(a: number, b: number): number {
  return (a >>> 0) * 0x200000 + (b >>> 11);
}
