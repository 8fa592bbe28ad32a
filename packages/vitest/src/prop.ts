/**
 * `test.prop([arbitraries], params?)(name, body, options?)`: a property test in
 * the style of `@fast-check/vitest`, whose cases are explored as interleave
 * programs. Through `@interleave/explorer/fast-check`, fast-check generates the
 * inputs and the schedule of each case together and shrinks them together; a
 * failure prints the counterexample, the report of its run and one command that
 * replays it, `--replay fc1:<seed>:<path>` (fast-check's seed and shrink path,
 * which regenerate the inputs and the schedule).
 *
 * fast-check is the user's: it is loaded from the test file's folder (install
 * it next to vitest). The number of cases is `params.numRuns`, else the test's
 * (or plugin's, or command line's) `schedules`, else fast-check's default.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Program } from '@interleave/core';
import type { TestContext } from 'vitest';
import { exclusive } from './exclusive.ts';
import type { TimelineFailure } from './explorer-adapter.ts';
import type { ResolvedSettings } from './settings.ts';

type Awaitable<T> = T | PromiseLike<T>;

/**
 * What `test.prop` takes as an arbitrary: a fast-check `Arbitrary<T>` (typed
 * structurally, so that this package's types do not need fast-check).
 *
 * @example
 * ```ts
 * const n: ArbitraryLike<number> = fc.integer();
 * ```
 */
export interface ArbitraryLike<T> {
  generate(mrng: never, biasFactor: number | undefined): { readonly value: T };
}

/**
 * fast-check's run parameters that `test.prop` passes on.
 *
 * @example
 * ```ts
 * test.prop([fc.nat()], { numRuns: 200, seed: 42 })('…', async (n) => { … });
 * ```
 */
export interface PropParams {
  numRuns?: number;
  seed?: number;
  path?: string;
  /** Stop shrinking after this many steps. */
  maxSkipsPerRun?: number;
}

/** The replay token of a property failure. */
const PREFIX = 'fc1:';

/** What a property run needs from the test. */
export interface PropRun {
  settings: ResolvedSettings;
  /** The seed derived for this test (used when neither params nor a replay give one). */
  seed: number;
  root: string;
  /** The test file, for loading the user's fast-check. */
  file: string;
}

/** A failed property, as the test reports it. */
export interface PropFailure {
  /** `fc1:<seed>:<path>`. */
  token: string;
  /** Cases run before the failure and shrinks made. */
  numRuns: number;
  numShrinks: number;
  /** The counterexample's inputs, as fast-check prints them. */
  counterexample: string;
  /** The failing case's report (the InterleaveError's message), or the error's message. */
  report: string;
  /** The finding's kind and one-line message, when the failure was a finding. */
  kind?: string;
  message: string;
  /** When the failure was a finding: the counterexample's program and its failing run, for the timeline page. */
  timeline?: { program: Program; failure: TimelineFailure };
}

interface FastCheck {
  check(property: unknown, params: Record<string, unknown>): Promise<{
    failed: boolean;
    numRuns: number;
    numShrinks: number;
    seed: number;
    counterexample: unknown[] | null;
    counterexamplePath: string | null;
    errorInstance: unknown;
  }>;
  stringify(value: unknown): string;
}

interface FastCheckBridge {
  interleaveProperty(arbs: readonly unknown[], build: (...inputs: unknown[]) => Program, options: Record<string, unknown>): unknown;
}

/**
 * Runs the property; returns the number of cases run, or the failure.
 *
 * @example
 * ```ts
 * const outcome = await runProp(ctx, [fc.nat()], {}, (n) => async () => { … }, run);
 * ```
 */
export async function runProp(
  ctx: TestContext,
  arbitraries: readonly unknown[],
  params: PropParams,
  build: (...inputs: unknown[]) => () => Awaitable<void>,
  run: PropRun,
): Promise<{ cases: number } | { failure: PropFailure }> {
  const fc = await loadFastCheck(run.file);
  const { interleaveProperty } = (await import('@interleave/explorer/fast-check')) as unknown as FastCheckBridge;
  const options: Record<string, unknown> = { root: run.root };
  if (run.settings.race !== undefined) options.race = run.settings.race;
  if (run.settings.leaks !== undefined) options.leaks = run.settings.leaks;
  const property = interleaveProperty(arbitraries, (...inputs) => async () => { await build(...inputs)(); }, options);
  const replay = parseToken(run.settings.replay);
  const fcParams: Record<string, unknown> = { seed: replay?.seed ?? params.seed ?? run.seed | 0 };
  const numRuns = params.numRuns ?? run.settings.schedules;
  if (numRuns !== undefined) fcParams.numRuns = numRuns;
  if (params.maxSkipsPerRun !== undefined) fcParams.maxSkipsPerRun = params.maxSkipsPerRun;
  const path = replay?.path ?? params.path;
  if (path !== undefined) fcParams.path = path;
  if (replay) fcParams.endOnFailure = true;
  const details = await exclusive(() => fc.check(property, fcParams), ctx.signal);
  if (!details.failed) return { cases: details.numRuns };
  const error = details.errorInstance;
  const failure = error instanceof Error && 'failure' in error ? (error as Error & { failure: TimelineFailure }).failure : undefined;
  const report = error instanceof Error ? error.message : String(error);
  const out: PropFailure = {
    token: `${PREFIX}${details.seed}:${details.counterexamplePath ?? ''}`,
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    counterexample: fc.stringify((details.counterexample ?? []).slice(0, arbitraries.length)),
    report,
    message: failure?.message ?? report.split('\n', 1)[0] ?? report,
  };
  if (failure) {
    out.kind = failure.kind;
    // The shrunk case again: its inputs (the schedule is the last argument) and the explorer's token of its run.
    const inputs = (details.counterexample ?? []).slice(0, arbitraries.length);
    out.timeline = { program: async () => { await build(...inputs)(); }, failure };
  }
  return { failure: out };
}

/**
 * The seed and path of a property's replay token, or undefined for another token.
 *
 * @example
 * ```ts
 * parseToken('fc1:42:3:1'); // { seed: 42, path: '3:1' }
 * ```
 */
export function parseToken(token: string | undefined): { seed: number; path: string } | undefined {
  if (token === undefined || !token.startsWith(PREFIX)) return undefined;
  const m = /^(-?\d+):([\d:]*)$/.exec(token.slice(PREFIX.length));
  if (!m || m[1] === undefined || m[2] === undefined) throw new Error(`interleave: not a property replay token (expected fc1:<seed>:<path>): ${token}`);
  return { seed: Number(m[1]), path: m[2] };
}

/** fast-check from the test file's folder (the user's copy), its ES module build (the one vitest gives the test file). */
async function loadFastCheck(testFile: string): Promise<FastCheck> {
  let manifest: string;
  try {
    manifest = createRequire(pathToFileURL(`${dirname(testFile)}/`)).resolve('fast-check/package.json');
  } catch {
    throw new Error('interleave: test.prop needs fast-check: install it next to vitest (npm i -D fast-check)');
  }
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: { '.'?: { import?: { default?: string } } }; module?: string; main?: string };
  const entry = pkg.exports?.['.']?.import?.default ?? pkg.module ?? pkg.main ?? 'index.js';
  return (await import(pathToFileURL(join(dirname(manifest), entry)).href)) as FastCheck;
}
