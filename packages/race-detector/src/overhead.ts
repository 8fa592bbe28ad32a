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
  /** Alternating rounds (after a warm-up run of each mode); medians are kept. */
  rounds?: number;
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
  /** No monitor (median ms per run). */
  offMs: number;
  /** A monitor that receives every event and does nothing: core's delivery cost (median). */
  dispatchMs: number;
  /** The race detector (median). */
  onMs: number;
  /** The median of the rounds' on/off ratios: the figure of the target. */
  ratio: number;
  /** onMs / dispatchMs: the detector's own share. */
  detectorRatio: number;
  /** Every round's on/off ratio, in order. */
  ratios: number[];
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
 * Runs the workload with no monitor, with the race detector and with a do-nothing
 * monitor (4 goroutines x 250 critical sections x 100 increments: 200,000 accesses
 * per run by default, issue 14's size).
 *
 * @example
 * ```ts
 * const { ratio, detectorRatio } = await measureRaceOverhead({ goroutines: 4, sections: 250, perSection: 100, rounds: 21 });
 * ```
 */
export async function measureRaceOverhead(options: OverheadOptions = {}): Promise<OverheadResult> {
  const goroutines = options.goroutines ?? 4;
  const sections = options.sections ?? 250;
  const perSection = options.perSection ?? 100;
  const rounds = options.rounds ?? 21;
  const program = workload(goroutines, sections, perSection);
  const times: Record<Mode, number[]> = { off: [], dispatch: [], on: [] };
  const ratios: number[] = [];
  // Off and on first, alternating; the do-nothing monitor last: once core's delivery
  // call site has seen two monitor classes it is polymorphic, and that would slow
  // "on" for a reason a real run (one detector) does not have.
  for (const mode of ['off', 'on'] as const) await timed(program, mode); // warm up
  for (let i = 0; i < rounds; i++) {
    const off = await timed(program, 'off');
    const on = await timed(program, 'on');
    times.off.push(off);
    times.on.push(on);
    ratios.push(on / off);
  }
  await timed(program, 'dispatch');
  for (let i = 0; i < rounds; i++) times.dispatch.push(await timed(program, 'dispatch'));
  const onMs = median(times.on);
  return {
    accesses: goroutines * sections * perSection * 2,
    offMs: median(times.off),
    dispatchMs: median(times.dispatch),
    onMs,
    ratio: median(ratios),
    detectorRatio: onMs / median(times.dispatch),
    ratios,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
