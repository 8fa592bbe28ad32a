/**
 * `replay`: runs a program again under the exact schedule of a replay token.
 * The token's flags switch the same detectors on as when it was found. A token
 * that no longer fits the program (the program changed, or it depends on
 * something interleave does not control) gives a `nondeterminism` finding that
 * says at which decision it diverged. Findings come in the order they happened,
 * as in `explore`'s failures.
 */
import { checkReplayArguments } from './check-options.ts';
import { coreEngine, type Engine, type EngineOptions, type Monitor, type Program, type RunResult } from './core.ts';
import { loadDetectorFactories } from './race.ts';
import { decodeToken } from './token.ts';

/**
 * Options of {@link replay}; each overrides what the token says.
 *
 * @example
 * ```ts
 * await replay(program, token, { locations: true, monitors: [myMonitor] });
 * ```
 */
export interface ReplayOptions {
  race?: boolean;
  leaks?: boolean;
  maxSteps?: number;
  /** Core's `timerWindowMs` (default: the token's, else core's). */
  timerWindowMs?: number;
  /** Core's `followPromises` (default: the token's `false`, else core's, which follows a plain promise once one is awaited). */
  followPromises?: boolean;
  /** Capture source locations (core writes reports with them anyway). */
  locations?: boolean;
  /** Extra monitors. */
  monitors?: Monitor[];
  ignoreLeaks?: string[];
  root?: string;
}

/**
 * Replays a failure.
 *
 * @example
 * ```ts
 * const { failure } = await explore(program);
 * const again = await replay(program, failure!.replay);
 * again.findings[0]?.kind === failure!.kind; // true
 * ```
 */
export function replay(program: Program, token: string, options: ReplayOptions = {}): Promise<RunResult> {
  return replayWith(coreEngine(), program, token, options);
}

/**
 * {@link replay} with another engine.
 *
 * @example
 * ```ts
 * await replayWith(coreEngine(), program, token);
 * ```
 */
export async function replayWith<P>(engine: Engine<P>, program: P, token: string, options: ReplayOptions = {}): Promise<RunResult> {
  checkReplayArguments(token, options.maxSteps);
  const t = decodeToken(token);
  const race = options.race ?? t.race;
  const monitors: EngineOptions['monitors'] = [...(options.monitors ?? [])];
  // Factories, so that core's located re-run of a failing replay has its own detectors.
  if (race) monitors.push(...(await loadDetectorFactories()));
  const runOptions: EngineOptions = { replay: t.core, monitors, leaks: options.leaks ?? t.leaks };
  const maxSteps = options.maxSteps ?? t.maxSteps;
  if (maxSteps !== undefined) runOptions.maxSteps = maxSteps;
  const timerWindowMs = options.timerWindowMs ?? t.timerWindowMs;
  if (timerWindowMs !== undefined) runOptions.timerWindowMs = timerWindowMs;
  if (options.locations !== undefined) runOptions.locations = options.locations;
  const followPromises = options.followPromises ?? t.followPromises;
  if (followPromises !== undefined) runOptions.followPromises = followPromises;
  if (options.ignoreLeaks !== undefined) runOptions.ignoreLeaks = options.ignoreLeaks;
  if (options.root !== undefined) runOptions.root = options.root;
  return engine.run(program, runOptions);
}
