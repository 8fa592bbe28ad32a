/**
 * Recording a run's decisions as they are taken, and replaying a token.
 *
 * The recorder appends varint bytes as decisions happen (a million-step run must
 * not keep a million objects); `token()` compresses them once at the end. Replay
 * checks every decision against the program: a different kind, a different number
 * of alternatives, a token too short or too long are each reported with the
 * decision index where the program and the token parted.
 */
import { decodeSchedule, encodeSchedule, type ScheduleEntry } from './schedule-codec.ts';
import type { DecisionKind } from './types.ts';

const KINDS: readonly DecisionKind[] = ['goroutine', 'select', 'timer', 'random'];
/** The numeric code of each decision kind in tokens: `options * 4 + code`. */
export const KIND_CODE: Readonly<Record<DecisionKind, number>> = { goroutine: 0, select: 1, timer: 2, random: 3 };

/**
 * Decisions as packed (options * 4 + kind, choice) pairs of small integers: 8
 * bytes a decision in V8's packed-SMI arrays, and no typed-array allocation for
 * the many short runs of an exploration.
 */
export class DecisionRecorder {
  private readonly packed: number[] = [];
  count = 0;

  /** Appends a decision; `code` is `KIND_CODE[kind]`. */
  record(code: number, options: number, choice: number): void {
    this.packed.push(options * 4 + code, choice);
    this.count++;
  }

  entries(): ScheduleEntry[] {
    const out: ScheduleEntry[] = [];
    for (let i = 0; i < this.count; i++) {
      const head = this.packed[2 * i]!;
      out.push({ kind: KINDS[head % 4]!, options: Math.floor(head / 4), choice: this.packed[2 * i + 1]! });
    }
    return out;
  }

  token(): string {
    return encodeSchedule(this.entries());
  }
}

/** A replay token that stopped fitting the program. */
export class ReplayMismatch extends Error {}

export class ReplaySource {
  private readonly entries: ScheduleEntry[];

  constructor(token: string) {
    this.entries = decodeSchedule(token);
  }

  /** The recorded choice for decision `index`; throws ReplayMismatch when the program asks something else. */
  next(kind: DecisionKind, options: number, index: number, step: number, describe: () => string): number {
    const e = this.entries[index];
    if (!e) {
      throw new ReplayMismatch(
        `replay token does not fit the program: the token ends after ${this.entries.length} decisions, but at step ${step} the program asks for decision ${index + 1} (${describe()})`,
      );
    }
    if (e.kind !== kind || e.options !== options) {
      throw new ReplayMismatch(
        `replay token does not fit the program at decision ${index + 1} (step ${step}): the token expects a ${e.kind} decision among ${e.options} options, the program offers ${describe()}`,
      );
    }
    return e.choice;
  }

  /** A description of the unused rest of the token, or undefined when it was used up exactly. */
  remaining(used: number): string | undefined {
    if (used >= this.entries.length) return undefined;
    return `replay token does not fit the program: the program ended after ${used} decisions, but the token holds ${this.entries.length} (decision ${used + 1} is never asked for)`;
  }
}
