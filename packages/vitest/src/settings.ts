/**
 * Where an interleave test's settings come from, highest first: the test's own
 * options, the plugin's options, the environment (`INTERLEAVE_RACE=1`,
 * `INTERLEAVE_SEED`, `INTERLEAVE_SCHEDULES`, `INTERLEAVE_STRATEGY`,
 * `INTERLEAVE_EXPLORE_SHARD`, `INTERLEAVE_REPLAY`; the `interleave test` bin
 * sets them from its flags). The shard is a machine's, not a test's: it comes
 * from the environment only.
 * An absent field falls through to the next level. The bin also sets
 * `INTERLEAVE_COMMAND_LINE=1`: then what its flags set wins over the test's and
 * the plugin's options (a flag typed for this run beats the config).
 */
import type { ScheduleShard } from '@interleave/explorer';
import type { ExploreSettings, InterleavePluginOptions, InterleaveTestOptions, StrategyName } from './types.ts';

/** The environment's share of the settings, plus the replay token. */
export interface EnvSettings extends ExploreSettings {
  /** `INTERLEAVE_REPLAY`: replay this token instead of exploring. */
  replay?: string;
  /** `INTERLEAVE_EXPLORE_SHARD=I/N`: run part I of N of each test's exploration (docs/ci.md). */
  exploreShard?: ScheduleShard;
  /** `INTERLEAVE_COMMAND_LINE=1`: the values came from `interleave test` flags and win over every other level. */
  commandLine?: boolean;
}

/** Settings after merging every level. `runSeed` is always known (default 0). */
export interface ResolvedSettings extends ExploreSettings {
  runSeed: number;
  timeout?: number;
  replay?: string;
  exploreShard?: ScheduleShard;
}

const STRATEGIES: readonly StrategyName[] = ['random', 'pct', 'exhaustive'];

/**
 * Reads the INTERLEAVE_* variables. A malformed value is an error that names
 * the variable (a typo must not silently explore with defaults).
 *
 * @example
 * ```ts
 * readEnv({ INTERLEAVE_RACE: '1', INTERLEAVE_SEED: '7' }); // { race: true, seed: 7 }
 * ```
 */
export function readEnv(env: Readonly<Record<string, string | undefined>>): EnvSettings {
  const out: EnvSettings = {};
  const race = env.INTERLEAVE_RACE;
  if (race !== undefined && race !== '') out.race = parseFlag('INTERLEAVE_RACE', race);
  const seed = env.INTERLEAVE_SEED;
  if (seed !== undefined && seed !== '') out.seed = parseInteger('INTERLEAVE_SEED', seed, 0);
  const schedules = env.INTERLEAVE_SCHEDULES;
  if (schedules !== undefined && schedules !== '') out.schedules = parseInteger('INTERLEAVE_SCHEDULES', schedules, 1);
  const strategy = env.INTERLEAVE_STRATEGY;
  if (strategy !== undefined && strategy !== '') out.strategy = parseStrategy('INTERLEAVE_STRATEGY', strategy);
  const shard = env.INTERLEAVE_EXPLORE_SHARD;
  if (shard !== undefined && shard !== '') out.exploreShard = parseShard('INTERLEAVE_EXPLORE_SHARD', shard);
  const replay = env.INTERLEAVE_REPLAY;
  if (replay !== undefined && replay !== '') out.replay = replay.trim();
  if (env.INTERLEAVE_COMMAND_LINE === '1') out.commandLine = true;
  return out;
}

/**
 * Merges the levels: per-test over plugin over environment, or the
 * environment first when it came from the command line.
 *
 * @example
 * ```ts
 * resolveSettings({ schedules: 10 }, { schedules: 100, race: true }, { seed: 3 });
 * // { schedules: 10, race: true, runSeed: 3 }
 * ```
 */
export function resolveSettings(
  test: InterleaveTestOptions = {},
  plugin: InterleavePluginOptions = {},
  env: EnvSettings = {},
): ResolvedSettings {
  const pick = <K extends keyof InterleaveTestOptions & keyof EnvSettings>(k: K): InterleaveTestOptions[K] =>
    env.commandLine === true ? (env[k] ?? test[k] ?? plugin[k]) : (test[k] ?? plugin[k] ?? env[k]);
  const resolved: ResolvedSettings = { runSeed: pick('seed') ?? 0 };
  const schedules = pick('schedules');
  if (schedules !== undefined) resolved.schedules = schedules;
  const strategy = pick('strategy');
  if (strategy !== undefined) resolved.strategy = strategy;
  const race = pick('race');
  if (race !== undefined) resolved.race = race;
  const leaks = pick('leaks');
  if (leaks !== undefined) resolved.leaks = leaks;
  const maxPreemptions = pick('maxPreemptions');
  if (maxPreemptions !== undefined) resolved.maxPreemptions = maxPreemptions;
  const pctDepth = pick('pctDepth');
  if (pctDepth !== undefined) resolved.pctDepth = pctDepth;
  const timeBudgetMs = pick('timeBudgetMs');
  if (timeBudgetMs !== undefined) resolved.timeBudgetMs = timeBudgetMs;
  const timerWindowMs = test.timerWindowMs ?? plugin.timerWindowMs;
  if (timerWindowMs !== undefined) resolved.timerWindowMs = timerWindowMs;
  const followPromises = test.followPromises ?? plugin.followPromises;
  if (followPromises !== undefined) resolved.followPromises = followPromises;
  const sharedState = test.sharedState ?? plugin.sharedState;
  if (sharedState !== undefined) resolved.sharedState = sharedState;
  const timeout = test.timeout ?? plugin.timeout;
  if (timeout !== undefined) resolved.timeout = timeout;
  if (env.replay !== undefined) resolved.replay = env.replay;
  if (env.exploreShard !== undefined) resolved.exploreShard = env.exploreShard;
  return resolved;
}

function parseFlag(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === '1' || v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'no' || v === 'off') return false;
  throw new Error(`${name}=${value}: expected 1 or 0 (true or false)`);
}

function parseInteger(name: string, value: string, min: number): number {
  const v = value.trim();
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) {
    throw new Error(`${name}=${value}: expected an integer of at least ${min}`);
  }
  return n;
}

function parseShard(name: string, value: string): ScheduleShard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || index > count) throw new Error(`${name}=${value}: expected I/N with 1 <= I <= N, such as 2/4`);
  return { index, count };
}

function parseStrategy(name: string, value: string): StrategyName {
  const v = value.trim();
  const found = STRATEGIES.find((s) => s === v);
  if (!found) throw new Error(`${name}=${value}: expected one of ${STRATEGIES.join(', ')}`);
  return found;
}
