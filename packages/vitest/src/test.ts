/**
 * `test(name, program, options?)` (also `it`): a vitest test whose body is an
 * interleave program, explored under many schedules. The test fails with the
 * first finding's report and the command that replays it; with
 * `INTERLEAVE_REPLAY` set, it replays that token instead of exploring.
 *
 * Settings: the test's options over the plugin's (`inject('interleave')`) over
 * the environment (see settings.ts). The test's seed is derived from the run
 * seed and its full name (see seed.ts).
 *
 * The exploration gets the test context's `signal`, which vitest aborts when the
 * test times out (or the run is cancelled): it stops at once, so the next test
 * does not share the event loop, or core, with it.
 */
import { relative, resolve } from 'node:path';
import type { Program } from '@interleave/core';
import { inject, test as vitestTest, type TestContext } from 'vitest';
import { namePath, replayCommand, testArgs, type CommandParts } from './command.ts';
import { explore, replay } from './explorer-adapter.ts';
import { setMeta } from './meta.ts';
import { failureError, locations, type FailureLike } from './failure.ts';
import { testSeed } from './seed.ts';
import { readEnv, resolveSettings, type ResolvedSettings } from './settings.ts';
import type { InterleaveMeta, InterleavePluginOptions, InterleaveTestOptions } from './types.ts';

/** The vitest test functions an interleave test can be declared with. */
type Declare = (name: string, fn: (ctx: TestContext) => Promise<void>, timeout?: number) => void;

/** `test` and its modifiers. */
export interface InterleaveTest {
  /**
   * Declares a test that explores `program` under many schedules.
   *
   * @example
   * ```ts
   * test('two goroutines hand a value over', async () => {
   *   const ch = chan<number>();
   *   go(async () => { await ch.send(1); });
   *   await ch.recv();
   * }, { schedules: 200 });
   * ```
   */
  (name: string, program: Program, options?: InterleaveTestOptions): void;
  /** Declares the test but skips it (vitest's `test.skip`). */
  skip(name: string, program: Program, options?: InterleaveTestOptions): void;
  /** Runs only this test in its file (vitest's `test.only`). */
  only(name: string, program: Program, options?: InterleaveTestOptions): void;
  /** Passes when the exploration finds something (vitest's `test.fails`). */
  fails(name: string, program: Program, options?: InterleaveTestOptions): void;
  /** A test still to write (vitest's `test.todo`). */
  todo(name: string): void;
}

function pluginOptions(): InterleavePluginOptions {
  return inject('interleave') ?? {};
}

function declare(base: Declare, name: string, program: Program, options: InterleaveTestOptions = {}): void {
  const timeout = options.timeout ?? pluginOptions().timeout;
  base(name, (ctx) => runTest(ctx, program, options), timeout);
}

/** The test body: explore (or replay), record meta for the reporter, fail with the report. */
async function runTest(ctx: TestContext, program: Program, options: InterleaveTestOptions): Promise<void> {
  const settings = resolveSettings(options, pluginOptions(), readEnv(process.env));
  const task = ctx.task;
  const cwd = process.cwd();
  const names = namePath(task);
  const fullName = task.fullTestName ?? names.join(' > ');
  const seed = testSeed(settings.runSeed, fullName);
  const parts: CommandParts = { file: task.file.filepath, names, root: rootOf(task.file.filepath, task.file.name), cwd, race: settings.race === true };
  const meta: InterleaveMeta = {
    seed,
    runSeed: settings.runSeed,
    file: relative(cwd, parts.file),
    name: fullName,
    command: replayCommand({ ...parts, seed: settings.runSeed }),
    args: testArgs({ ...parts, seed: settings.runSeed }),
  };
  setMeta(task.meta, meta);

  if (settings.replay !== undefined) {
    if (settings.announce) console.log(`[interleave] ${fullName}: replaying ${abbreviate(settings.replay)}`);
    const r = await replay(program, settings.replay, { ...detectors(settings), root: cwd });
    const finding = r.findings[0];
    if (finding) fail(meta, parts, settings, { ...finding, replay: settings.replay, schedule: 1 }, true);
    return;
  }

  if (settings.announce) {
    const budget = settings.schedules === undefined ? '' : `, ${settings.schedules} schedules`;
    console.log(`[interleave] ${fullName}: seed ${seed} (run seed ${settings.runSeed}${budget}${settings.race ? ', race detector on' : ''}); re-run: ${meta.command}`);
  }
  const result = await explore(program, { ...exploreOptions(settings), seed, root: cwd, signal: ctx.signal });
  if (result.failure) fail(meta, parts, settings, result.failure, false);
}

function fail(meta: InterleaveMeta, parts: CommandParts, settings: ResolvedSettings, failure: FailureLike, replaying: boolean): never {
  const command = replayCommand({ ...parts, replay: failure.replay });
  const first = locations(failure.text)[0];
  Object.assign(meta, {
    command,
    args: testArgs({ ...parts, replay: failure.replay }),
    kind: failure.kind,
    message: failure.message,
    replay: failure.replay,
    schedule: failure.schedule,
    ...(failure.preemptions === undefined ? {} : { preemptions: failure.preemptions }),
    ...(first ? { location: `${first.file}:${first.line}:${first.col}` } : {}),
  });
  const context = { command, seed: meta.seed, runSeed: settings.runSeed, cwd: parts.cwd, replaying };
  throw failureError(failure, settings.schedules === undefined ? context : { ...context, budget: settings.schedules });
}

function exploreOptions(s: ResolvedSettings): Parameters<typeof explore>[1] {
  const o: Parameters<typeof explore>[1] = { ...detectors(s) };
  if (s.schedules !== undefined) o.schedules = s.schedules;
  if (s.strategy !== undefined) o.strategy = s.strategy;
  if (s.maxPreemptions !== undefined) o.maxPreemptions = s.maxPreemptions;
  if (s.pctDepth !== undefined) o.pctDepth = s.pctDepth;
  if (s.timeBudgetMs !== undefined) o.timeBudgetMs = s.timeBudgetMs;
  if (s.timerWindowMs !== undefined) o.timerWindowMs = s.timerWindowMs;
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

function abbreviate(token: string): string {
  return token.length > 40 ? `${token.slice(0, 40)}…` : token;
}

const declareWith = (base: Declare) => (name: string, program: Program, options?: InterleaveTestOptions): void =>
  declare(base, name, program, options);

/**
 * An interleave test: explores `program` under many schedules.
 *
 * @example
 * ```ts
 * import { test } from '@interleave/vitest';
 * import { go, chan } from '@interleave/core';
 *
 * test('worker answers', async () => {
 *   const ch = chan<number>();
 *   go(async () => { await ch.send(42); });
 *   if ((await ch.recv()) !== 42) throw new Error('wrong answer');
 * });
 * ```
 */
export const test: InterleaveTest = Object.assign(declareWith(vitestTest), {
  skip: declareWith(vitestTest.skip),
  only: declareWith(vitestTest.only),
  fails: declareWith(vitestTest.fails),
  todo: (name: string): void => vitestTest.todo(name),
});

/**
 * The same as {@link test}.
 *
 * @example
 * ```ts
 * describe('pool', () => { it('drains', program, { race: true }); });
 * ```
 */
export const it: InterleaveTest = test;
