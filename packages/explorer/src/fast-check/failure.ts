/**
 * What a failing case of an interleave property throws: an `Error` whose
 * message is the finding's report followed by the replay token and the
 * schedule, and whose `failure` field carries the same facts as data.
 * `fc.assert` throws an error with the shrunk counterexample whose `cause` is
 * this error (vitest prints it under "Caused by"); `fc.check(...).errorInstance`
 * is this error.
 *
 * Invariant: `failure.replay` replays the failing run of the program built
 * from the same inputs: `replay(build(...inputs), failure.replay)`.
 */
import type { Finding } from '../core.ts';
import type { Schedule } from './schedule.ts';

/**
 * A failing case: its first finding plus how to run it again.
 *
 * @example
 * ```ts
 * const details = await fc.check(interleaveProperty([balances, amounts], build), { seed: 1 });
 * const f = (details.errorInstance as InterleaveError).failure;
 * const [balance, amount] = details.counterexample!;
 * await replay(build(balance, amount), f.replay); // the same finding
 * ```
 */
export interface PropertyFailure extends Finding {
  /** The explorer's replay token of the failing run (pass to `replay`). */
  readonly replay: string;
  /** The schedule fast-check generated (run it with `scheduleScheduler`). */
  readonly schedule: Schedule;
  /** Preemptions of the failing run. */
  readonly preemptions: number;
  /** Scheduling steps of the failing run. */
  readonly steps: number;
  /** The failing run step by step (goroutine, operation, location), `*` marking preemptions. */
  readonly interleaving: string;
  /** Every finding of the run (the first is the one spread above). */
  readonly findings: readonly Finding[];
}

/**
 * The error a failing case throws.
 *
 * @example
 * ```ts
 * try {
 *   await fc.assert(property, { seed: 1 });
 * } catch (e) {
 *   const cause = (e as Error).cause; // fast-check's error wraps the counterexample's
 *   if (cause instanceof InterleaveError) console.log(cause.failure.replay);
 * }
 * ```
 */
export class InterleaveError extends Error {
  /** The failure as data. */
  readonly failure: PropertyFailure;

  constructor(failure: PropertyFailure) {
    super(formatFailure(failure));
    this.name = 'InterleaveError';
    this.failure = failure;
  }
}

function formatFailure(f: PropertyFailure): string {
  const more = f.findings.length > 1 ? ` (and ${f.findings.length - 1} more finding${f.findings.length > 2 ? 's' : ''})` : '';
  const report = f.text.trim() === '' ? f.message : f.text.trimEnd();
  const interleaving = f.interleaving === '' ? '' : `${f.interleaving}\n\n`;
  return `${f.message}${more}\n\n${report}\n\n${interleaving}` +
    `schedule: ${String(f.schedule)} (${f.preemptions} preemption${f.preemptions === 1 ? '' : 's'}, ${f.steps} steps)\n` +
    `replay token: ${f.replay}\n` +
    '  replay(build(...inputs), token) from @interleave/explorer reproduces it with the counterexample\'s inputs';
}
