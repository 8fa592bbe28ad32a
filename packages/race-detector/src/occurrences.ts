/**
 * When the findings of a run happened. A detector notices a race, a lock-order
 * inversion or a lock cycle during one step of the run, long before the run
 * ends; core lists its own findings (a panic, a deadlock, leaks: each ends the
 * run) before the monitors' in `RunResult.findings`. Each detector therefore
 * keeps the step of each of its findings, and {@link StepStamped.stepOf} tells
 * it, so that an explorer can list every finding of a run in the order it
 * happened.
 *
 * Invariant: a finding's step is core's 0-based index of the step during which
 * the detector produced it; findings made at the run's end (`runEnd`) have none.
 */
import type { Finding } from './core-types.ts';

/**
 * A monitor that knows at which step each of its findings happened.
 *
 * @example
 * ```ts
 * const m = new RaceMonitor();
 * const r = await run(program, { monitors: [m] });
 * r.findings.map((f) => m.stepOf(f)); // [17, undefined]: the race at step 17, core's own finding at the end
 * ```
 */
export interface StepStamped {
  /** The step of the run during which this monitor produced `finding`; undefined for a finding it did not make during a step. */
  stepOf(finding: Finding): number | undefined;
}

/**
 * A detector's findings of one run, each with the step it happened in.
 *
 * @example
 * ```ts
 * const log = new FindingLog();
 * log.step = 4;
 * log.push(finding);
 * log.stepOf(finding); // 4
 * ```
 */
export class FindingLog implements StepStamped {
  /** The step in progress (set from the monitor's `step` event). */
  step = -1;
  private list: Finding[] = [];
  private at = new Map<Finding, number>();

  /** Forgets the previous run. */
  reset(): void {
    this.step = -1;
    this.list = [];
    this.at = new Map();
  }

  /**
   * Adds a finding of the step in progress, and stamps it with core's count of steps
   * taken once that step is done (`Finding.step`, by which core sorts a run's findings).
   */
  push(finding: Finding): void {
    this.list.push(finding);
    if (this.step >= 0) {
      this.at.set(finding, this.step);
      finding.step ??= this.step + 1;
    }
  }

  get length(): number {
    return this.list.length;
  }

  /** The findings so far, in the order they were made (a copy). */
  all(): Finding[] {
    return this.list.slice();
  }

  stepOf(finding: Finding): number | undefined {
    return this.at.get(finding);
  }
}
