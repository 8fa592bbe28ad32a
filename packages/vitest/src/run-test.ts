/**
 * The body vitest runs for one interleave test: explore the test's program (or
 * replay `INTERLEAVE_REPLAY`), record its meta for the reporter (seed and
 * re-run command first, so a test that times out still has them; then what the
 * exploration covered), and fail with the report.
 *
 * Settings: the test's options over the plugin's (`inject('interleave')`) over
 * the environment, or the command line over all (see settings.ts). The seed is
 * derived from the run seed and the test's full name (see seed.ts). The
 * exploration gets the test context's `signal`, which vitest aborts when the
 * test times out: it stops at once, so the next test does not share core with
 * it. Explorations of one worker run one after another (see exclusive.ts).
 */
import { relative, resolve } from 'node:path';
import { inject, type TestContext } from 'vitest';
import { isForeignAwait } from '@interleave/core';
import { assertionFailure, isAssertion } from './assertion.ts';
import { namePath, replayCommand, testArgs, type CommandParts } from './command.ts';
import { coverageOf } from './coverage.ts';
import { exclusive } from './exclusive.ts';
import { explore, replay, type ExploreResult, type TimelineFailure } from './explorer-adapter.ts';
import { failureError, locations, type FailureContext, type FailureLike } from './failure.ts';
import { setMeta } from './meta.ts';
import { runProp, type PropParams } from './prop.ts';
import { scheduleProgram, type ScheduleHooks, type ScheduleProgram } from './schedule.ts';
import { testSeed } from './seed.ts';
import { attachTimeline, timelinePath } from './timeline.ts';
import { readEnv, resolveSettings, type ResolvedSettings } from './settings.ts';
import type { InterleaveMeta, InterleavePluginOptions, InterleaveTestOptions } from './types.ts';

type Awaitable<T> = T | PromiseLike<T>;

/** One test as declared: its settings, per-schedule hooks and body. */
export interface TestSpec {
  options: InterleaveTestOptions;
  hooks: ScheduleHooks<object, unknown>;
  body: (scheduleCtx: TestContext & { readonly state: unknown }) => Awaitable<void>;
}

/**
 * The plugin's options, as the test worker received them.
 *
 * @example
 * ```ts
 * pluginOptions().schedules;
 * ```
 */
export function pluginOptions(): InterleavePluginOptions {
  return inject('interleave') ?? {};
}

/** What the failure path needs about the running test. */
interface Running {
  meta: InterleaveMeta;
  parts: CommandParts;
  settings: ResolvedSettings;
  schedule: ScheduleProgram;
}

/**
 * Runs one interleave test.
 *
 * @example
 * ```ts
 * vitestTest(name, (ctx) => runTest(ctx, { options: {}, hooks: {}, body: program }));
 * ```
 */
export async function runTest(ctx: TestContext, spec: TestSpec): Promise<void> {
  const { meta, parts, settings } = begin(ctx, spec.options);
  const running: Running = { meta, parts, settings, schedule: scheduleProgram(ctx, spec.hooks, spec.body) };
  try {
    if (settings.replay !== undefined) await replayOne(ctx, running, settings.replay);
    else await exploreAll(ctx, running);
  } finally {
    await running.schedule.finish();
  }
}

/** A property test as declared (see prop.ts). */
export interface PropSpec {
  options: InterleaveTestOptions;
  arbitraries: readonly unknown[];
  params: PropParams;
  body: (...inputs: unknown[]) => Awaitable<void>;
}

/**
 * Runs one `test.prop` test: fast-check's cases, each an interleave run.
 *
 * @example
 * ```ts
 * vitestTest(name, (ctx) => runPropTest(ctx, { options: {}, arbitraries: [fc.nat()], params: {}, body }));
 * ```
 */
export async function runPropTest(ctx: TestContext, spec: PropSpec): Promise<void> {
  const { meta, parts, settings } = begin(ctx, spec.options);
  const run = { settings, seed: meta.seed, root: parts.cwd, file: parts.file };
  const outcome = await runProp(ctx, spec.arbitraries, spec.params, (...inputs) => () => spec.body(...inputs), run);
  if ('cases' in outcome) {
    meta.coverage = { schedules: outcome.cases, complete: false };
    return;
  }
  const f = outcome.failure;
  meta.coverage = { schedules: f.numRuns, complete: false };
  const command = replayCommand({ ...parts, replay: f.token });
  Object.assign(meta, { command, args: testArgs({ ...parts, replay: f.token }), replay: f.token, message: f.message, ...(f.kind === undefined ? {} : { kind: f.kind }) });
  const head = `interleave: the property failed after ${f.numRuns} case${f.numRuns === 1 ? '' : 's'} (${f.numShrinks} shrink${f.numShrinks === 1 ? '' : 's'}; seed and path in the token): counterexample ${f.counterexample}`;
  // The counterexample's failing run, as a timeline page.
  let timeline: string[] = [];
  if (f.timeline !== undefined && hasPage(f.timeline.failure)) {
    const path = timelinePath(parts.root, pluginOptions().outputFile, meta.file, meta.name);
    const { line, written } = await attachTimeline(ctx, { ...f.timeline, path, title: meta.name, cwd: parts.cwd }, f.timeline.failure);
    if (written) meta.timeline = relative(parts.cwd, path) || path;
    timeline = [line, ''];
  }
  throw new Error([head, '', f.report.trimEnd(), '', ...timeline, 'Replay it with:', `  ${command}`, ''].join('\n'));
}

/** The settings, the command parts and the meta of a test, stored before it runs (a timed-out test keeps them). */
function begin(ctx: TestContext, options: InterleaveTestOptions): { meta: InterleaveMeta; parts: CommandParts; settings: ResolvedSettings } {
  const settings = resolveSettings(options, pluginOptions(), readEnv(process.env));
  const task = ctx.task;
  const cwd = process.cwd();
  const names = namePath(task);
  const fullName = task.fullTestName ?? names.join(' > ');
  const parts: CommandParts = { file: task.file.filepath, names, root: rootOf(task.file.filepath, task.file.name), cwd, race: settings.race === true };
  const meta: InterleaveMeta = {
    seed: testSeed(settings.runSeed, fullName),
    runSeed: settings.runSeed,
    file: relative(cwd, parts.file),
    name: fullName,
    command: replayCommand({ ...parts, seed: settings.runSeed }),
    args: testArgs({ ...parts, seed: settings.runSeed }),
  };
  setMeta(task.meta, meta);
  return { meta, parts, settings };
}

async function replayOne(ctx: TestContext, r: Running, token: string): Promise<void> {
  const result = await exclusive(() => replay(r.schedule.program, token, { ...replayOptions(r.settings), root: r.parts.cwd }), ctx.signal);
  const finding = result.findings[0];
  if (!finding) return;
  const thrown = r.schedule.thrown();
  const failure = { ...finding, replay: token, schedule: 1 };
  fail(r, failure, true, thrown, hasPage(failure) ? await timelineOf(ctx, r, failure) : undefined);
}

async function exploreAll(ctx: TestContext, r: Running): Promise<void> {
  const result = await exclusive(
    () => explore(r.schedule.program, { ...exploreOptions(r.settings), seed: r.meta.seed, root: r.parts.cwd, signal: ctx.signal }),
    ctx.signal,
  );
  r.meta.coverage = coverageOf(result);
  if (!result.failure) return;
  const thrown = await thrownIn(ctx, r, result);
  fail(r, result.failure, false, thrown, hasPage(result.failure) ? await timelineOf(ctx, r, result.failure) : undefined);
}

/**
 * Whether a failure has a run to draw: every finding but the nondeterminism of a
 * schedule that did not replay alike (a token that does not fit, a diverged
 * replay); a foreign await has one (the run up to the await that never came back).
 */
function hasPage(failure: Pick<FailureLike, 'kind' | 'message'>): boolean {
  return failure.kind !== 'nondeterminism' || isForeignAwait(failure);
}

/** Writes and attaches the failure's timeline page; the report's line about it. */
async function timelineOf(ctx: TestContext, r: Running, failure: FailureLike & TimelineFailure): Promise<string> {
  const path = timelinePath(r.parts.root, pluginOptions().outputFile, r.meta.file, r.meta.name);
  const { line, written } = await attachTimeline(ctx, { program: r.schedule.program, path, title: r.meta.name, cwd: r.parts.cwd }, failure);
  if (written) r.meta.timeline = relative(r.parts.cwd, path) || path;
  return line;
}

/**
 * What the main goroutine threw in the failing schedule, when the failure is
 * its panic: that schedule is replayed once to catch the very error object
 * (the explorer keeps only its report).
 */
async function thrownIn(ctx: TestContext, r: Running, result: ExploreResult): Promise<{ error: unknown } | undefined> {
  const failure = result.failure;
  if (!failure || failure.kind !== 'panic' || failure.goroutines[0] !== 1) return undefined;
  const again = await exclusive(() => replay(r.schedule.program, failure.replay, { ...replayOptions(r.settings), root: r.parts.cwd }), ctx.signal);
  return again.findings[0]?.kind === 'panic' ? r.schedule.thrown() : undefined;
}

function fail(r: Running, failure: FailureLike, replaying: boolean, thrown: { error: unknown } | undefined, timeline?: string): never {
  const { meta, parts, settings } = r;
  // A token that does not fit this test (nondeterminism while replaying) has no command worth printing again.
  const misfit = replaying && failure.kind === 'nondeterminism';
  const command = misfit ? '' : replayCommand({ ...parts, replay: failure.replay });
  const first = locations(failure.text)[0];
  const assertion = thrown !== undefined && isAssertion(thrown.error) ? thrown.error : undefined;
  Object.assign(meta, {
    kind: assertion ? 'assertion' : failure.kind,
    message: assertion ? firstLine(assertion.message) : failure.message,
    ...(misfit ? {} : { command, args: testArgs({ ...parts, replay: failure.replay }), replay: failure.replay, schedule: failure.schedule }),
    ...(failure.preemptions === undefined ? {} : { preemptions: failure.preemptions }),
    ...(first ? { location: `${first.file}:${first.line}:${first.col}` } : {}),
  });
  const base: FailureContext = { command, seed: meta.seed, runSeed: settings.runSeed, cwd: parts.cwd, replaying };
  if (timeline !== undefined) base.timeline = timeline;
  const context = settings.schedules === undefined ? base : { ...base, budget: settings.schedules };
  if (assertion) throw assertionFailure(assertion, failure, context);
  throw failureError(failure, context);
}

/** The options of a replay of one of the test's schedules: its detectors, and whether it follows plain promises as the exploration did. */
function replayOptions(s: ResolvedSettings): Parameters<typeof replay>[2] {
  const o: Parameters<typeof replay>[2] = { ...detectors(s) };
  if (s.followPromises !== undefined) o.followPromises = s.followPromises;
  return o;
}

function exploreOptions(s: ResolvedSettings): Parameters<typeof explore>[1] {
  const o: Parameters<typeof explore>[1] = { ...detectors(s) };
  if (s.schedules !== undefined) o.schedules = s.schedules;
  if (s.strategy !== undefined) o.strategy = s.strategy;
  if (s.maxPreemptions !== undefined) o.maxPreemptions = s.maxPreemptions;
  if (s.pctDepth !== undefined) o.pctDepth = s.pctDepth;
  if (s.timeBudgetMs !== undefined) o.timeBudgetMs = s.timeBudgetMs;
  if (s.timerWindowMs !== undefined) o.timerWindowMs = s.timerWindowMs;
  if (s.followPromises !== undefined) o.followPromises = s.followPromises;
  if (s.sharedState !== undefined) o.sharedState = s.sharedState;
  if (s.exploreShard !== undefined) o.scheduleShard = s.exploreShard;
  return o;
}

function detectors(s: ResolvedSettings): { race?: boolean; leaks?: boolean } {
  const o: { race?: boolean; leaks?: boolean } = {};
  if (s.race !== undefined) o.race = s.race;
  if (s.leaks !== undefined) o.leaks = s.leaks;
  return o;
}

/** vitest's root: the file's absolute path minus its root-relative name. */
function rootOf(filepath: string, name: string): string {
  return filepath.endsWith(name) ? resolve(filepath.slice(0, filepath.length - name.length) || '/') : process.cwd();
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0] ?? s;
}
