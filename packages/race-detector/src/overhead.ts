/**
 * The cost of the race detector: the same access-heavy program (goroutines
 * incrementing `Shared` counters under a mutex) run with no monitor, with a monitor
 * that ignores every event (what core's event delivery costs by itself), and with
 * the race detector; best of several runs each, off and on interleaved so both
 * see the same machine load. Target: on/off at most 1.5 (Go's race detector costs 2x to 20x).
 *
 * Invariant: the program is identical in every mode and checks its own result, so
 * a faster "on" cannot come from doing less work.
 */
import { go, Mutex, run, shared, WaitGroup, type Monitor, type Program } from '@interleave/core';
import { raceDetector } from './race-monitor.ts';

/**
 * Shape of the workload.
 *
 * @example
 * ```ts
 * const options: OverheadOptions = { goroutines: 8, sections: 1000, perSection: 50 };
 * ```
 */
export interface OverheadOptions {
  goroutines?: number;
  /** Critical sections per goroutine. */
  sections?: number;
  /** Increments (a read and a write each) per critical section. */
  perSection?: number;
  /** Runs per mode; the best is kept. */
  repeats?: number;
}

/**
 * What {@link measureRaceOverhead} measured.
 *
 * @example
 * ```ts
 * const { offMs, dispatchMs, onMs } = await measureRaceOverhead();
 * ```
 */
export interface OverheadResult {
  accesses: number;
  /** No monitor. */
  offMs: number;
  /** A monitor that receives every event and does nothing: core's delivery cost. */
  dispatchMs: number;
  /** The race detector. */
  onMs: number;
  /** onMs / offMs: the figure of the target. */
  ratio: number;
  /** onMs / dispatchMs: the detector's own share. */
  detectorRatio: number;
}

type Mode = 'off' | 'dispatch' | 'on';

const ignoreAll = (): Monitor => ({
  step: () => undefined,
  spawn: () => undefined,
  sync: () => undefined,
  access: () => undefined,
  lock: () => undefined,
});

function workload(goroutines: number, sections: number, perSection: number): Program {
  return async () => {
    const counters = [shared(0, 'hits'), shared(0, 'misses')];
    const mu = new Mutex('mu');
    const wg = new WaitGroup();
    for (let g = 0; g < goroutines; g++) {
      wg.add(1);
      go(async () => {
        for (let s = 0; s < sections; s++) {
          await mu.lock();
          for (let k = 0; k < perSection; k++) {
            const c = counters[k & 1] as (typeof counters)[0];
            c.value = c.value + 1;
          }
          mu.unlock();
        }
        wg.done();
      });
    }
    await wg.wait();
    const total = (counters[0]?.value ?? 0) + (counters[1]?.value ?? 0);
    if (total !== goroutines * sections * perSection) throw new Error(`lost updates: ${total}`);
  };
}

async function timed(program: Program, mode: Mode): Promise<number> {
  const monitors = mode === 'on' ? [raceDetector] : mode === 'dispatch' ? [ignoreAll] : [];
  const t0 = performance.now();
  const r = await run(program, { seed: 1, maxSteps: Number.POSITIVE_INFINITY, monitors });
  const ms = performance.now() - t0;
  if (!r.ok) throw new Error(`race-overhead run failed: ${r.findings.map((f) => f.message).join('; ')}`);
  return ms;
}

/**
 * Runs the workload with no monitor, with a do-nothing monitor and with the race
 * detector (4 goroutines x 5000 critical sections x 100 increments: 4M accesses by default).
 *
 * @example
 * ```ts
 * const { ratio, detectorRatio } = await measureRaceOverhead({ goroutines: 4, sections: 5000, perSection: 100 });
 * ```
 */
export async function measureRaceOverhead(options: OverheadOptions = {}): Promise<OverheadResult> {
  const goroutines = options.goroutines ?? 4;
  const sections = options.sections ?? 5000;
  const perSection = options.perSection ?? 100;
  const repeats = options.repeats ?? 5;
  const program = workload(goroutines, sections, perSection);
  const best: Record<Mode, number> = { off: Infinity, dispatch: Infinity, on: Infinity };
  const measure = async (modes: Mode[]): Promise<void> => {
    for (const mode of modes) await timed(program, mode); // warm up
    for (let i = 0; i < repeats; i++) {
      for (const mode of modes) best[mode] = Math.min(best[mode], await timed(program, mode));
    }
  };
  // Off and on first, interleaved; the do-nothing monitor last: once core's delivery
  // call site has seen two monitor classes it is polymorphic, and that would slow
  // "on" for a reason a real run (one detector) does not have.
  await measure(['off', 'on']);
  await measure(['dispatch']);
  return {
    accesses: goroutines * sections * perSection * 2,
    offMs: best.off,
    dispatchMs: best.dispatch,
    onMs: best.on,
    ratio: best.on / best.off,
    detectorRatio: best.on / best.dispatch,
  };
}
