/**
 * A run's decisions, packed: five 32-bit integers a decision (kind and number
 * of options, answer, goroutine picked, current goroutine and whether it could
 * go on, step) in one typed array that doubles when full. An exploration
 * records every decision of every run, and a livelock makes millions: at 20
 * bytes a decision (40 just after a doubling), a million-step run keeps 20 MB
 * here, where an object per decision kept over 100.
 *
 * Most runs of an exploration are short and passing, and allocating a typed
 * array costs more than such a run's decisions: a log's buffer comes from a
 * small pool, to which {@link DecisionLog.release} returns it once nothing will
 * read the log again, grown as it was (up to {@link POOLED_MAX} entries: a run of
 * a few thousand decisions does not grow a fresh buffer six times over).
 *
 * Invariant: decision `i` occupies `data[5i .. 5i + 4]`, for `i < length`; a
 * pooled buffer belongs to no live log.
 */
import type { DecisionKind } from '../core.ts';

const STRIDE = 5;
const HEAD = 0;
const CHOICE = 1;
const GID = 2;
const CURRENT = 3;
const STEP = 4;
const KINDS: readonly DecisionKind[] = ['goroutine', 'select', 'timer', 'random'];
/** The first buffer of a log: 64 decisions. */
const FIRST = STRIDE * 64;
const pool: Int32Array[] = [];
const POOL_MAX = 4;
/** The largest buffer the pool keeps: 16,384 decisions (320 KB). */
const POOLED_MAX = STRIDE * 16_384;
const RELEASED = new Int32Array(0);
/** A kind's code (its index in KINDS), by comparisons: asked at every decision. */
function codeOf(kind: DecisionKind): number {
  return kind === 'goroutine' ? 0 : kind === 'select' ? 1 : kind === 'timer' ? 2 : 3;
}

/**
 * One decision of a run, with the goroutine it picked.
 *
 * @example
 * ```ts
 * const preempting = recorder.decisions.filter((d) => d.currentRunnable && d.gid !== d.current);
 * ```
 */
export interface DecisionRecord {
  readonly index: number;
  readonly kind: DecisionKind;
  readonly options: number;
  readonly choice: number;
  /** For goroutine decisions: the goroutine picked (set when its step starts); 0 otherwise. */
  readonly gid: number;
  readonly current: number;
  /** The current goroutine was runnable, so picking another one was a preemption. */
  readonly currentRunnable: boolean;
  /** The step this decision belongs to (for goroutine decisions: the step it starts). */
  readonly step: number;
}

/**
 * The decisions of one run.
 *
 * @example
 * ```ts
 * const log = new DecisionLog();
 * const i = log.push('goroutine', 2, 1, 1, true, 0);
 * log.setGid(i, 2);
 * log.preempts(i); // true: goroutine 1 could go on, 2 ran
 * ```
 */
export class DecisionLog {
  length = 0;
  private data: Int32Array = pool.pop() ?? new Int32Array(FIRST);

  /** Appends a decision; returns its index. */
  push(kind: DecisionKind, options: number, choice: number, current: number, currentRunnable: boolean, step: number): number {
    const i = this.length++;
    if (STRIDE * this.length > this.data.length) {
      const grown = new Int32Array(Math.max(FIRST, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    const at = STRIDE * i;
    const d = this.data;
    d[at + HEAD] = options * 4 + codeOf(kind);
    d[at + CHOICE] = choice;
    d[at + GID] = 0;
    d[at + CURRENT] = current * 2 + (currentRunnable ? 1 : 0);
    d[at + STEP] = step;
    return i;
  }

  /**
   * Empties the log and gives its first buffer back for the next run's log: call
   * it only when nothing will read this log again (a passing run, once counted).
   */
  release(): void {
    if (this.data.length >= FIRST && this.data.length <= POOLED_MAX && pool.length < POOL_MAX) pool.push(this.data);
    this.data = RELEASED;
    this.length = 0;
  }

  /** Records the goroutine that decision `i` picked (known when its step starts). */
  setGid(i: number, gid: number): void {
    this.data[STRIDE * i + GID] = gid;
  }

  kind(i: number): DecisionKind {
    return KINDS[this.data[STRIDE * i + HEAD]! % 4]!;
  }

  isGoroutine(i: number): boolean {
    return this.data[STRIDE * i + HEAD]! % 4 === 0;
  }

  choice(i: number): number {
    return this.data[STRIDE * i + CHOICE]!;
  }

  gid(i: number): number {
    return this.data[STRIDE * i + GID]!;
  }

  current(i: number): number {
    return this.data[STRIDE * i + CURRENT]! >> 1;
  }

  step(i: number): number {
    return this.data[STRIDE * i + STEP]!;
  }

  /** Decision `i` switched away from a goroutine that could go on. */
  preempts(i: number): boolean {
    const cur = this.data[STRIDE * i + CURRENT]!;
    return (cur & 1) === 1 && this.data[STRIDE * i + GID] !== cur >> 1;
  }

  /** Decision `i` as an object. */
  record(i: number): DecisionRecord {
    const d = this.data;
    const at = STRIDE * i;
    const cur = d[at + CURRENT]!;
    return {
      index: i, kind: KINDS[d[at + HEAD]! % 4]!, options: Math.floor(d[at + HEAD]! / 4), choice: d[at + CHOICE]!,
      gid: d[at + GID]!, current: cur >> 1, currentRunnable: (cur & 1) === 1, step: d[at + STEP]!,
    };
  }

  /** Every answer, in order. */
  answers(): number[] {
    const out = new Array<number>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.data[STRIDE * i + CHOICE]!;
    return out;
  }

  /** Number of preemptions. */
  preemptions(): number {
    let n = 0;
    for (let i = 0; i < this.length; i++) if (this.preempts(i)) n++;
    return n;
  }

  /** The steps that preempted a goroutine that could go on (goroutine decisions only preempt). */
  preemptingSteps(): Set<number> {
    const steps = new Set<number>();
    for (let i = 0; i < this.length; i++) if (this.preempts(i)) steps.add(this.step(i));
    return steps;
  }

  /** Sum of the answers of the decisions that do not pick a goroutine. */
  choiceSum(): number {
    let sum = 0;
    for (let i = 0; i < this.length; i++) if (!this.isGoroutine(i)) sum += this.choice(i);
    return sum;
  }
}
