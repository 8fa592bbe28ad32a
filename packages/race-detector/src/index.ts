/**
 * @interleave/race-detector: the detectors of interleave, as core monitors.
 *
 * - {@link raceDetector}: vector-clock (FastTrack) happens-before data races, Go's
 *   `WARNING: DATA RACE` reports, WaitGroup misuse.
 * - {@link lockOrderDetector}: lock-order inversions and recursive locking (go-deadlock).
 * - {@link deadlockDetector}: lock cycles among parked goroutines (partial deadlocks),
 *   and channel cycles once a run ends deadlocked or with leaks.
 * - {@link detectors}: all of them at once.
 * - {@link StepStamped}: each says at which step of the run each of its findings happened.
 * - {@link measureRaceOverhead}: the detector's cost, for `pnpm bench`.
 *
 * Invariant: this list is the package's whole public surface.
 */
export { raceDetector, RaceMonitor, type RaceDetectorOptions } from './race-monitor.ts';
export { lockOrderDetector, LockOrderMonitor } from './lock-order.ts';
export { deadlockDetector, DeadlockMonitor } from './deadlock.ts';
export { detectors, type DetectorOptions } from './detectors.ts';
export { FindingLog, type StepStamped } from './occurrences.ts';
export { VectorClock, epochLeq } from './vector-clock.ts';
export { measureRaceOverhead, type OverheadOptions, type OverheadResult } from './overhead.ts';
