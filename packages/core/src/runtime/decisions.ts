/**
 * Recording a run's decisions as they are taken, and replaying a token.
 *
 * The recorder appends varint bytes as decisions happen (a million-step run must
 * not keep a million objects); `token()` compresses them once at the end. Replay
 * checks every decision against the program: a different kind, a different number
 * of alternatives, a token too short or too long are each reported with the
 * decision index where the program and the token parted.
 */
import { decodePacked, encodeSchedule, type ScheduleEntry } from './schedule-codec.ts';
import type { DecisionKind } from './types.ts';

const KINDS: readonly DecisionKind[] = ['goroutine', 'select', 'timer', 'random'];
/** The numeric code of each decision kind in tokens: `options * 4 + code`. */
export const KIND_CODE: Readonly<Record<DecisionKind, number>> = { goroutine: 0, select: 1, timer: 2, random: 3 };

/** Decisions kept in the plain array before the log moves to typed chunks. */
const SMALL_DECISIONS = 4096;
/** Decisions per typed chunk of a long run's log (two 32-bit integers each). */
const CHUNK_DECISIONS = 1 << 15;

/**
 * Decisions as packed (options * 4 + kind, choice) pairs of small integers. The
 * first SMALL_DECISIONS go to a plain array (no typed-array allocation for the
 * many short runs of an exploration); a long run's go on in Int32Array chunks: 8
 * bytes a decision, no copy as the log grows, no spare capacity.
 *
 * Invariant: decision i is at `packed[2i]`, `packed[2i + 1]` for i < SMALL_DECISIONS,
 * else in chunk `(i - SMALL_DECISIONS) / CHUNK_DECISIONS`.
 */
export class DecisionRecorder {
  private readonly packed: number[] = [];
  private readonly chunks: Int32Array[] = [];
  private chunk: Int32Array | undefined = undefined;
  /** Next free slot of `chunk`. */
  private at = 0;
  count = 0;

  /** Appends a decision; `code` is `KIND_CODE[kind]`. */
  record(code: number, options: number, choice: number): void {
    const i = this.count++;
    if (i < SMALL_DECISIONS) {
      this.packed[2 * i] = options * 4 + code;
      this.packed[2 * i + 1] = choice;
      return;
    }
    let c = this.chunk;
    if (c === undefined || this.at === c.length) {
      c = this.chunk = new Int32Array(2 * CHUNK_DECISIONS);
      this.chunks.push(c);
      this.at = 0;
    }
    c[this.at++] = options * 4 + code;
    c[this.at++] = choice;
  }

  entries(): ScheduleEntry[] {
    const out: ScheduleEntry[] = [];
    for (let i = 0; i < this.count; i++) {
      let head: number;
      let choice: number;
      if (i < SMALL_DECISIONS) {
        head = this.packed[2 * i]!;
        choice = this.packed[2 * i + 1]!;
      } else {
        const k = i - SMALL_DECISIONS;
        const c = this.chunks[Math.floor(k / CHUNK_DECISIONS)]!;
        const j = 2 * (k % CHUNK_DECISIONS);
        head = c[j]!;
        choice = c[j + 1]!;
      }
      out.push({ kind: KINDS[head % 4]!, options: Math.floor(head / 4), choice });
    }
    return out;
  }

  token(): string {
    return encodeSchedule(this.entries());
  }
}

/** A replay token that stopped fitting the program. */
export class ReplayMismatch extends Error {}

/**
 * The decisions a replay decodes at most: four a step of the run's `maxSteps` (a step
 * takes a goroutine decision, maybe a timer one, a select one...), and never fewer than
 * REPLAY_FLOOR (a program may draw `randomInt` many times a step), nor more than
 * REPLAY_CEILING when steps are unbounded. A token holding more is not one of this program.
 */
export function replayBound(maxSteps: number): number {
  if (!Number.isFinite(maxSteps)) return REPLAY_CEILING;
  return Math.max(REPLAY_FLOOR, 4 * maxSteps);
}
const REPLAY_FLOOR = 1_000_000;
const REPLAY_CEILING = 50_000_000;

export class ReplaySource {
  /** `(options * 4 + kind code, choice)` a decision. */
  private readonly packed: Int32Array;
  private readonly count: number;

  constructor(token: string, maxDecisions: number) {
    this.packed = decodePacked(token, maxDecisions);
    this.count = this.packed.length / 2;
  }

  /** The recorded choice for decision `index`; throws ReplayMismatch when the program asks something else. */
  next(kind: DecisionKind, options: number, index: number, step: number, describe: () => string): number {
    if (index >= this.count) {
      throw new ReplayMismatch(
        `replay token does not fit the program at decision ${index + 1}: the token ends after ${this.count} decisions, the program asks for one more among ${describe()} at step ${step}`,
      );
    }
    const head = this.packed[2 * index]!;
    const tokenKind = KINDS[head % 4]!;
    const tokenOptions = Math.floor(head / 4);
    if (tokenKind !== kind || tokenOptions !== options) {
      throw new ReplayMismatch(
        `replay token does not fit the program at decision ${index + 1}: the token expects a ${tokenKind} decision among ${tokenOptions} options, the program offers ${describe()} at step ${step}`,
      );
    }
    return this.packed[2 * index + 1]!;
  }

  /** A description of the unused rest of the token, or undefined when it was used up exactly. */
  remaining(used: number, step: number): string | undefined {
    if (used >= this.count) return undefined;
    return `replay token does not fit the program at decision ${used + 1}: the program ended at step ${step} after ${used} decisions, but the token holds ${this.count}`;
  }
}
