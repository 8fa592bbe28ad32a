/**
 * The explorer's one door into `@interleave/core`: the types it builds on and the
 * {@link Engine} it runs programs with. Everything else in this package imports
 * core through this file, so the binding lives in one place.
 *
 * Invariant: an {@link Engine} is deterministic: the same program, options and
 * scheduler answers give the same events and the same result.
 */
import { run } from '@interleave/core';
export { Alea, awaitedPlainPromise, describeThrown, holdVirtualGlobals, stackOf, UsageError } from '@interleave/core';
import type { Monitor, Program, RunOptions, RunResult } from '@interleave/core';

export type {
  BlockEvent, Decision, DecisionKind, Finding, FindingKind, GoroutineView, Monitor, ObjectInfo,
  ObjectKind, OpKind, PendingOp, Program, RunEndEvent, RunInfo, RunOptions, RunResult, Scheduler,
  SourceLocation, SpawnEvent, SyncMode,
} from '@interleave/core';

/**
 * Runs one execution of a program. The default engine is core's `run`; tests
 * plug in small simulated runtimes with the same contract.
 *
 * @example
 * ```ts
 * const engine: Engine<Program> = coreEngine();
 * const result = await engine.run(program, { seed: 1 });
 * ```
 */
export interface Engine<P> {
  run(program: P, options: EngineOptions): Promise<RunResult>;
}

/**
 * Core's run options as `run` accepts them: a monitor may be a factory, called
 * for every execution (core re-runs a failing schedule with locations on; a
 * factory monitor sees that run too).
 *
 * @example
 * ```ts
 * const o: EngineOptions = { seed: 1, monitors: [() => raceDetector()], locations: false };
 * ```
 */
export type EngineOptions = Omit<RunOptions, 'monitors'> & { monitors?: (Monitor | (() => Monitor))[] };

/**
 * The engine backed by `@interleave/core`'s `run`.
 *
 * @example
 * ```ts
 * const { ok } = await coreEngine().run(async () => {}, {});
 * ```
 */
export function coreEngine(): Engine<Program> {
  return { run: (program, options) => run(program, options) };
}
