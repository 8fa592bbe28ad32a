/**
 * Shrinking a failure that sits behind a polling loop: each candidate schedule
 * ends in about as many steps as the failing run (fair scheduling ends the poll
 * loop with its deadlock finding), so shrinking costs a few hundred thousand
 * steps in all, not a million-step run per candidate. `pnpm bench shrink-poller`
 * measures its time.
 */
import { run, type Program } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { coreEngine, shrinkSchedule, type Engine } from '../src/index.ts';
import { measure } from '../src/shrink.ts';
import { Recorder } from '../src/trace/recorder.ts';
import { randomScheduler } from '../src/strategies/random.ts';
import { fixture as spinWaitOnStuckWorker } from '../../../fixtures/programs/spin-wait-on-stuck-worker.ts';
import { selectPollerBehindWorkers, spinWaitBehindBusyWorkers } from './support/pollers.ts';

/** Counts the runs and steps an engine makes. */
function counting(): { engine: Engine<Program>; runs: number[] } {
  const inner = coreEngine();
  const runs: number[] = [];
  return {
    runs,
    engine: {
      run: async (program, options) => {
        const r = await inner.run(program, options);
        runs.push(r.steps);
        return r;
      },
    },
  };
}

async function shrinkFirstFailure(program: Program, seed: string): Promise<{ found: number; runs: number[]; shrunk: number; preemptions: number }> {
  const rec = new Recorder();
  const first = await run(program, { scheduler: rec.wrap(randomScheduler(seed)), monitors: [rec], locations: false });
  expect(first.findings[0]?.kind).toBe('deadlock');
  const { engine, runs } = counting();
  const shrunk = await shrinkSchedule({
    engine, program, kind: 'deadlock', start: measure(first, rec),
    runOptions: (scheduler, recorder) => ({ scheduler, monitors: [recorder], locations: false }),
  });
  expect(shrunk.result.findings.some((f) => f.kind === 'deadlock')).toBe(true);
  expect(shrunk.steps).toBeLessThanOrEqual(first.steps);
  return { found: first.steps, runs, shrunk: shrunk.steps, preemptions: rec.log.preemptions() };
}

describe('shrinking a deadlock behind a poller', () => {
  for (const [name, program] of [['spin-wait-on-stuck-worker', spinWaitOnStuckWorker.program], ['spin-wait behind busy workers', spinWaitBehindBusyWorkers], ['select-otherwise poller behind blocked workers', selectPollerBehindWorkers]] as const) {
    it(`${name}: no candidate runs much past the failing run, and the whole search stays small (must)`, async () => {
      const { found, runs, preemptions } = await shrinkFirstFailure(program, '7');
      // A schedule found with preemptions is shrunk (candidates run); one without has nothing to shrink.
      expect(runs.length > 0).toBe(preemptions > 0);
      // Before fair scheduling every candidate spun to the 1,000,000-step limit.
      for (const steps of runs) expect(steps).toBeLessThan(3 * found + 100);
      expect(runs.reduce((a, b) => a + b, 0)).toBeLessThan(500_000);
    });
  }
});
