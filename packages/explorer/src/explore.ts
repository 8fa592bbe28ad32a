/**
 * `explore`: runs a program under many schedules chosen by a strategy, with the
 * detectors wired in, and returns the first failure (or all of them) with a
 * shrunk schedule, its replay token and its interleaving.
 *
 * Determinism: schedule `i` is driven by the strategy from the seed
 * `${seed}:${i}` and the results of schedules 0..i-1 only, and shrinking uses a
 * fixed number of runs, so the same program, options and seed give the same
 * result, byte for byte, in any process. `timeBudgetMs` and `signal` are the
 * only wall-clock and outside influences (./limits.ts): they act between runs
 * only, and can only cut the exploration short (the budget quietly, the signal
 * by rejecting), so for the schedules that did run, the failure reported is the
 * one an unlimited exploration reports (unshrunk or unlocated when the budget
 * ran out first).
 *
 * Worker threads (`workers` > 1, see ./workers/): schedules run in workers that
 * load the program from `programModule`; their summaries are taken in index
 * order and counted, deduped and shrunk here exactly as the in-process loop
 * does, so the result does not depend on the number of workers.
 */
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkExploreOptions, checkWorkers } from './check-options.ts';
import { awaitedPlainPromise, coreEngine, holdVirtualGlobals, type Engine, type Program, type RunResult } from './core.ts';
import { buildFailure, locate, mayLocate, nondeterminismFailure } from './failure.ts';
import { findingKey, locatedKey } from './findings/keys.ts';
import { clock, Limits } from './limits.ts';
import { loadDetectors } from './race.ts';
import { DEFAULT_SCHEDULES, resolve, type Resolved } from './resolve.ts';
import { measure, type Attempt } from './shrink.ts';
import { strategies } from './strategies/index.ts';
import type { Strategy } from './strategies/types.ts';
import { Tally } from './tally.ts';
import { Recorder } from './trace/recorder.ts';
import type { ExploreOptions, ExploreResult, ProgramModule } from './types.ts';
import { Coordinator } from './workers/coordinator.ts';
import type { Plan } from './workers/plan.ts';
import { answerScheduler, monitorsFor, runSchedule, type RunSetup, type ScheduleItem } from './workers/schedule.ts';

export { DEFAULT_SCHEDULES } from './resolve.ts';

const WHOLE = { index: 1, count: 1 } as const;

/**
 * Runs `program` under many schedules.
 *
 * @example
 * ```ts
 * const result = await explore(async () => {
 *   const n = shared(0);
 *   const wg = new WaitGroup();
 *   for (let i = 0; i < 2; i++) wg.go(async () => { const v = n.value; await gosched(); n.value = v + 1; });
 *   await wg.wait();
 *   if (n.value !== 2) throw new Error('lost update');
 * });
 * result.failure?.replay; // 'il1:...'
 *
 * // The same result, from two worker threads that load the program themselves:
 * await explore(lostUpdate, { workers: 2, programModule: { module: new URL('./programs.ts', import.meta.url), export: 'lostUpdate' } });
 * ```
 */
export async function explore(program: Program, options: ExploreOptions = {}): Promise<ExploreResult> {
  options.signal?.throwIfAborted();
  checkExploreOptions(options);
  checkWorkers(options);
  const workers = options.workers ?? 1;
  // checkWorkers: more than 1 comes with a programModule.
  const m = options.programModule;
  if (workers === 1 || m === undefined) return exploreWith(coreEngine(), program, options);
  const plan = planOf(options);
  if (plan === undefined) return exploreWith(coreEngine(), program, options);
  const result = await exploreInWorkers(program, options, m, plan, workers);
  options.onProgress?.({ schedules: result.schedules, failures: result.failures?.length ?? (result.failure ? 1 : 0) });
  return result;
}

/**
 * {@link explore} with another engine (a simulated runtime in tests). Always
 * runs in this thread (`workers` is not looked at).
 *
 * @example
 * ```ts
 * await exploreWith(coreEngine(), program, { strategy: 'exhaustive' });
 * ```
 */
export async function exploreWith<P>(engine: Engine<P>, program: P, options: ExploreOptions = {}): Promise<ExploreResult> {
  checkExploreOptions(options);
  // Core's virtual timers and clock stay installed from one run to the next (only at the end are the originals put back).
  const release = holdVirtualGlobals();
  try {
    return await exploreHeld(engine, program, options);
  } finally {
    release();
  }
}

async function exploreHeld<P>(engine: Engine<P>, program: P, options: ExploreOptions, started?: Limits): Promise<ExploreResult> {
  // A start-over (following promises) spends what is left of the same time budget.
  const limits = started ?? new Limits(options.timeBudgetMs, options.signal);
  const o = resolve(options, options.race === true ? await loadDetectors() : undefined);
  const strategy = makeStrategy(options, o.schedules);
  const setup: RunSetup<P> = { engine, program, base: o.base, detectors: o.detectors, seed: o.seed, plainState: o.sharedState === 'anywhere' };
  const tally = new Tally();
  // A shard runs every `count`-th index from its own, or the indexes its strategy
  // claims (exhaustive search: all, for its prefixes; types.ts, ScheduleShard); the whole budget is shard 1 of 1.
  const shard = options.scheduleShard ?? WHOLE;
  const owns = (i: number): boolean => strategy.ownsSchedule?.(i) ?? i % shard.count === shard.index - 1;
  for (let index = 0, done = 0; index < o.schedules && !strategy.exhausted; index++) {
    if (!owns(index)) continue;
    // Runs proceed in microtasks only: yield to the event loop now and then, so that
    // progress is reported, the host's timers (an abort) run and core's watchdog is re-armed.
    const report = ++done % 256 === 0;
    if (report) options.onProgress?.({ schedules: done - 1, failures: tally.failures.length });
    if (limits.beforeRunNow(report) ?? (await limits.afterYield())) break;
    const began = limits.now;
    const ran = await runSchedule(setup, strategy, index);
    if (ran === undefined) break;
    const { result, recorder } = ran;
    if (options.followPromises === undefined && awaitedPlainPromise(result)) {
      // A goroutine awaited a plain promise: the exploration starts again, every run following promises.
      return exploreHeld(engine, program, { ...options, followPromises: true }, limits);
    }
    tally.count(recorder.stateHash(result), recorder.classHash());
    if (strategy.nondeterminism !== undefined) {
      tally.diverged(nondeterminismFailure(strategy.nondeterminism, result, o, index));
      break;
    }
    if (result.ok || result.findings.length === 0) {
      recorder.log.release();
      continue;
    }
    tally.failed();
    await reportFindings(setup, o, tally, measure(result, recorder), index, limits, clock.now() - began);
    if (o.stopOnFirstFailure) break;
  }
  // A shard alone covers the whole space only when it is the only one.
  const result = tally.result(o, shard.count === 1 && strategy.exhausted, strategy.stats?.() ?? {}, limits.elapsed());
  if (options.scheduleShard !== undefined) result.shard = { ...shard, exhausted: strategy.exhausted };
  options.onProgress?.({ schedules: result.schedules, failures: tally.failures.length });
  return result;
}

/**
 * The built-in strategy as it splits over workers, or undefined when it runs in
 * this thread: exhaustive search (every run depends on all before it), custom
 * strategy objects (they cannot be sent), an empty budget.
 */
function planOf(options: ExploreOptions): Plan | undefined {
  if (options.scheduleShard !== undefined) return undefined;
  const s = options.strategy ?? 'portfolio';
  if (s !== 'random' && s !== 'pct' && s !== 'portfolio') return undefined;
  const schedules = options.schedules ?? DEFAULT_SCHEDULES;
  if (!Number.isInteger(schedules) || schedules <= 0) return undefined;
  return { kind: s, options: { schedules, maxPreemptions: options.maxPreemptions, pctDepth: options.pctDepth, por: options.por, sharedState: options.sharedState } };
}

/** A file URL for a program module given as a URL, a file URL or a path. */
function moduleUrl(m: ProgramModule): string {
  if (m.module instanceof URL) return m.module.href;
  if (/^[a-z][a-z0-9+.-]+:/i.test(m.module) && !isAbsolute(m.module)) return m.module;
  return pathToFileURL(resolvePath(m.module)).href;
}

/**
 * {@link explore} with `workers` > 1 threads running the schedules (see ./workers/coordinator.ts).
 * `limits`: the first pass's, when the exploration starts over following promises (the budget binds both).
 */
async function exploreInWorkers(
  program: Program, options: ExploreOptions, m: ProgramModule, plan: Plan, workers: number,
  limits = new Limits(options.timeBudgetMs, options.signal),
): Promise<ExploreResult> {
  const o = resolve(options, options.race === true ? await loadDetectors() : undefined);
  const setup: RunSetup<Program> = { engine: coreEngine(), program, base: o.base, detectors: o.detectors, seed: o.seed, plainState: o.sharedState === 'anywhere' };
  const coordinator = new Coordinator({
    workers,
    init: {
      moduleUrl: moduleUrl(m), exportName: m.export ?? 'default', plan, base: o.base, race: o.race, seed: o.seed,
      stopOnFirstFailure: o.stopOnFirstFailure, deadline: limits.epochDeadline,
    },
    signal: options.signal,
  });
  const tally = new Tally();
  let restart = false;
  for await (const item of coordinator.items()) {
    if (item.awaitedPlainPromise === true && options.followPromises === undefined) {
      // As in one thread (`exploreHeld`): the exploration starts again, following promises.
      restart = true;
      break;
    }
    tally.count(item.state, item.cls);
    const nd = item.nondeterminism;
    if (nd !== undefined) {
      tally.diverged(nondeterminismFailure(nd.message, nd, o, item.index));
      break;
    }
    const f = item.failure;
    if (f === undefined) continue;
    tally.failed();
    if (tally.anyNew(o.stopOnFirstFailure ? f.findings.slice(0, 1) : f.findings) && !limits.stop()) {
      const began = clock.now();
      const again = await runAgain(setup, item.index, f);
      await reportFindings(setup, o, tally, again, item.index, limits, clock.now() - began);
    }
    if (o.stopOnFirstFailure) break;
  }
  if (restart) return exploreInWorkers(program, { ...options, followPromises: true }, m, plan, workers, limits);
  return tally.result(o, coordinator.exhausted, coordinator.strategyStats(), limits.elapsed());
}

/**
 * Builds the failures of a failing schedule (`start`: its run, findings in
 * order; `startMs`: how long it took). With stopOnFirstFailure, of its earliest
 * finding. Otherwise, when it has a finding new by kind and message: one
 * located re-run of the schedule gives each finding its locations, and each
 * finding new by kind and locations is built (see ./tally.ts).
 */
async function reportFindings<P>(
  setup: RunSetup<P>, o: Resolved, tally: Tally, start: Attempt, index: number, limits: Limits, startMs: number,
): Promise<void> {
  const findings = start.result.findings;
  if (o.stopOnFirstFailure) {
    const first = findings[0];
    if (first === undefined || !tally.claims(first)) return;
    const built = await buildFailure(setup, o, first, start, index, true, limits, startMs);
    tally.add(built.failure, built.report);
    return;
  }
  if (!tally.anyNew(findings)) return;
  tally.claimAll(findings);
  const located = mayLocate(limits, startMs) ? (await locate(setup, o, start.result)).findings : [];
  for (const [i, finding] of findings.entries()) {
    const there = located[i];
    const key = there?.kind === finding.kind ? locatedKey(there) : `unlocated\u0000${findingKey(finding)}`;
    if (!tally.notes(key)) continue;
    const built = await buildFailure(setup, o, finding, start, index, i === 0, limits, startMs);
    tally.add(built.failure, built.report);
  }
}

/** Runs a schedule a worker found failing again, here, with its answers: the start of shrinking. */
async function runAgain(setup: RunSetup<Program>, index: number, f: NonNullable<ScheduleItem['failure']>): Promise<Attempt> {
  const recorder = new Recorder();
  const result: RunResult = await setup.engine.run(setup.program, {
    ...setup.base, seed: `${setup.seed}:${index}`, scheduler: recorder.wrap(answerScheduler(f.answers)), monitors: monitorsFor(setup, recorder),
  });
  const finding = result.findings[0];
  if (result.ok || finding === undefined || finding.kind !== f.kind || finding.message !== f.message) {
    const here = finding === undefined ? 'no finding' : `${finding.kind}: ${finding.message}`;
    throw new Error(
      `schedule ${index + 1}: a worker found "${f.kind}: ${f.message}", but the same decisions in this thread give ${here}. ` +
      'The program passed to explore and the export named by programModule must be the same program ' +
      '(and a program must not keep state between runs).',
    );
  }
  return measure(result, recorder);
}

function makeStrategy(options: ExploreOptions, schedules: number): Strategy {
  const s = options.strategy ?? 'portfolio';
  if (typeof s !== 'string') return s;
  const factory = strategies[s];
  if (factory === undefined) throw new Error(`unknown strategy ${JSON.stringify(s)}: use ${Object.keys(strategies).join(', ')}`);
  return factory({ schedules, maxPreemptions: options.maxPreemptions, pctDepth: options.pctDepth, por: options.por, sharedState: options.sharedState, shard: options.scheduleShard });
}
