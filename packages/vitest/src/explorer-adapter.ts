/**
 * The explorer as this package uses it: `explore` and `replay` with the shapes
 * of API.md. Everything else in the package calls these two functions only.
 *
 * TEMPORARY: while @interleave/explorer is being written, its exports are
 * looked up at run time; when `explore`/`replay` are missing, a fallback runs
 * core's `run` with seeds `${seed}:1..N` (and the race detector, when asked)
 * and replays with `run(program, { replay })`. Remove the fallback, and import
 * `explore`/`replay` from '@interleave/explorer' directly, once it lands.
 */
import { run, type Finding, type Monitor, type Program, type RunResult } from '@interleave/core';
import type { FailureLike } from './failure.ts';
import type { StrategyName } from './types.ts';

/** API.md's ExploreOptions. */
export interface ExploreOptions {
  strategy?: StrategyName;
  schedules?: number;
  seed?: number | string;
  race?: boolean;
  leaks?: boolean;
  maxPreemptions?: number;
  pctDepth?: number;
  timeBudgetMs?: number;
  stopOnFirstFailure?: boolean;
  /** Path prefix stripped from report locations (an explorer addition; ignored where unknown). */
  root?: string;
  /** Called as schedules complete, where the explorer supports it (ignored elsewhere). */
  onProgress?: (progress: { schedules: number; failures: number }) => void;
}

/** API.md's ExploreResult. */
export interface ExploreResult {
  ok: boolean;
  schedules: number;
  exhausted: boolean;
  failure?: FailureLike;
  /** Every distinct failure, when `stopOnFirstFailure` is false (an explorer addition). */
  failures?: FailureLike[];
}

/** Options of `replay`: the detectors to switch on. */
export interface ReplayOptions {
  race?: boolean;
  leaks?: boolean;
  root?: string;
}

type ExploreFn = (program: Program, options?: ExploreOptions) => Promise<ExploreResult>;
type ReplayFn = (program: Program, token: string, options?: ReplayOptions) => Promise<RunResult>;

interface Explorer {
  explore: ExploreFn;
  replay: ReplayFn;
}

let loaded: Promise<Explorer> | undefined;

/** The explorer's functions, or the TEMPORARY fallback where they are missing. */
function explorer(): Promise<Explorer> {
  loaded ??= (async () => {
    const mod: Record<string, unknown> = await import('@interleave/explorer');
    const explore = mod['explore'];
    const replay = mod['replay'];
    return {
      explore: typeof explore === 'function' ? (explore as ExploreFn) : fallbackExplore,
      replay: typeof replay === 'function' ? (replay as ReplayFn) : fallbackReplay,
    };
  })();
  return loaded;
}

/**
 * Explores `program` (see @interleave/explorer's `explore`).
 *
 * @example
 * ```ts
 * const r = await explore(program, { schedules: 200, seed: 7, race: true });
 * ```
 */
export async function explore(program: Program, options: ExploreOptions = {}): Promise<ExploreResult> {
  return (await explorer()).explore(program, options);
}

/**
 * Replays a token (see @interleave/explorer's `replay`).
 *
 * @example
 * ```ts
 * const again = await replay(program, failure.replay, { race: true });
 * ```
 */
export async function replay(program: Program, token: string, options: ReplayOptions = {}): Promise<RunResult> {
  return (await explorer()).replay(program, token, options);
}

// ---- TEMPORARY fallback: remove when @interleave/explorer exports explore/replay ----

const FALLBACK_SCHEDULES = 100;

async function monitorsFor(race: boolean | undefined): Promise<(() => Monitor)[]> {
  if (!race) return [];
  const mod: Record<string, unknown> = await import('@interleave/race-detector');
  const factory = mod['raceDetector'];
  if (typeof factory !== 'function') throw new Error('race: true needs @interleave/race-detector');
  return [factory as () => Monitor];
}

async function fallbackExplore(program: Program, options: ExploreOptions = {}): Promise<ExploreResult> {
  const budget = options.schedules ?? FALLBACK_SCHEDULES;
  const monitors = await monitorsFor(options.race);
  for (let i = 1; i <= budget; i++) {
    const r = await run(program, { seed: `${options.seed ?? 0}:${i}`, leaks: options.leaks ?? true, monitors, ...rootOf(options) });
    const first: Finding | undefined = r.findings[0];
    if (first) return { ok: false, schedules: i, exhausted: false, failure: { ...first, replay: r.schedule, schedule: i } };
  }
  return { ok: true, schedules: budget, exhausted: false };
}

async function fallbackReplay(program: Program, token: string, options: ReplayOptions = {}): Promise<RunResult> {
  const monitors = await monitorsFor(options.race);
  return run(program, { replay: token, leaks: options.leaks ?? true, monitors, ...rootOf(options) });
}

function rootOf(options: { root?: string }): { root?: string } {
  return options.root === undefined ? {} : { root: options.root };
}
