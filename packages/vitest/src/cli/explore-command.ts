/**
 * `interleave explore FILE [--schedules N] [--seed N] [--race] [--strategy S]
 * [--fixture NAME] [--replay TOKEN] [--explore-shard I/N]`: explores what a plain
 * module exports (see load-module.ts), outside vitest. One program: its report, or
 * "clean". A list of fixtures: a summary table (fixture, expected, found,
 * schedules, replay token, verdict), the report of every mismatch, and every
 * failing fixture's full token in `.interleave/explore-replays.json`. Exit code 1
 * when what was found differs from what was expected (a program without `expect`
 * is expected to be clean), 2 on a usage error.
 *
 * With `--explore-shard I/N` each program's exploration is split as `explore`'s
 * `scheduleShard` splits it, and this machine runs part I. A part judges only what
 * it finds: a kind the program does not expect is a mismatch, an expected kind it
 * does not find is not (another part may find it): its verdict is `part`, and the
 * union of the parts' tables is the whole run's check.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Chalk } from 'chalk';
import { describeThrown, stackOf } from '@interleave/core';
import { explore, replay, type ExploreOptions, type ExploreResult } from '../explorer-adapter.ts';
import type { FailureLike } from '../failure.ts';
import type { ScheduleShard } from '@interleave/explorer';
import type { StrategyName } from '../types.ts';
import { parseArgs, UsageError, type InterleaveFlags } from './args.ts';
import { loadTargets, type Target } from './load-module.ts';
import { progressLine } from './progress.ts';
import { table } from './table.ts';

/** One explored target's outcome. */
interface Outcome {
  target: Target;
  /** The exploration's result (without statistics when it threw). */
  result: Omit<ExploreResult, 'stats'>;
  /** The exploration itself threw (a harness error, not a finding). */
  error?: string;
  found: string[];
  expected: string[];
  ok: boolean;
  /** Under `--explore-shard`: it found only expected kinds, not all of them (another part may find the rest). */
  part: boolean;
}

const STRATEGIES = new Set(['random', 'pct', 'exhaustive']);

/**
 * Runs the `explore` subcommand; returns the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await exploreCommand(['fixtures/index.ts', '--schedules', '200']);
 * ```
 */
export async function exploreCommand(argv: readonly string[]): Promise<number> {
  const { flags, rest } = parseArgs(argv);
  const [file, ...extra] = rest;
  if (file === undefined || extra.length) throw new UsageError('explore takes one FILE and interleave flags');
  if (flags.strategy !== undefined && !STRATEGIES.has(flags.strategy)) throw new UsageError(`--strategy ${flags.strategy}: expected random, pct or exhaustive`);
  const shard = flags.exploreShard === undefined ? undefined : shardOf(flags.exploreShard);
  let targets = await loadTargets(resolve(file));
  if (flags.fixture !== undefined) {
    targets = targets.filter((t) => t.name === flags.fixture);
    if (!targets.length) throw new UsageError(`no fixture named ${flags.fixture} in ${file}`);
  }
  const color = process.stdout.isTTY === true;
  const c = new Chalk({ level: color ? 1 : 0 });
  if (flags.replay !== undefined) return replayOne(targets, flags.replay, flags, c);

  const budget = flags.schedules === undefined ? 'the explorer\'s default budget' : `up to ${flags.schedules} schedules`;
  const each = targets.some((t) => t.expect !== undefined) ? '; each must find exactly what it expects' : '';
  const part = shard === undefined ? '' : `; shard ${shard.index}/${shard.count}: each program's part ${shard.index} of ${shard.count} of its exploration, judged on what it finds (\`part\`: expected kinds it did not find may be in another part)`;
  console.log(`interleave explore: ${targets.length} program${targets.length === 1 ? '' : 's'} from ${file}, ${budget} each, seed ${flags.seed ?? 0}${each}${part}\n`);
  const progress = progressLine(process.stderr);
  const started = performance.now();
  const outcomes: Outcome[] = [];
  let done = 0;
  let failures = 0;
  for (const [i, target] of targets.entries()) {
    const label = `${target.name} (${i + 1}/${targets.length})`;
    progress.update(label, done, failures);
    const options: ExploreOptions = {
      ...optionsOf(flags, target, shard),
      stopOnFirstFailure: false,
      onProgress: (p) => progress.update(label, done + p.schedules, failures + p.failures),
    };
    const outcome = await exploreTarget(target, options, shard !== undefined && shard.count > 1);
    done += outcome.result.schedules;
    if (outcome.found.length) failures++;
    outcomes.push(outcome);
    progress.update(label, done, failures);
  }
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  const only = outcomes.length === 1 && outcomes[0] !== undefined && outcomes[0].target.expect === undefined ? outcomes[0] : undefined;
  if (only) printOne(only, c);
  else {
    printTable(outcomes, c);
    const tokens = writeTokens(outcomes);
    if (tokens) console.log(`\nfull replay tokens: ${tokens} (replay one: interleave explore ${file} --fixture NAME --replay TOKEN)`);
  }
  const mismatches = outcomes.filter((o) => !o.ok).length;
  const rate = Math.round(done / Math.max(seconds, 1e-3));
  console.log(`\n${outcomes.length} program${outcomes.length === 1 ? '' : 's'}, ${done} schedule${done === 1 ? '' : 's'} in ${seconds.toFixed(1)} s (${rate}/s), ${mismatches} mismatch${mismatches === 1 ? '' : 'es'}`);
  return mismatches ? 1 : 0;
}

/** `I/N` (checked by args.ts) as a shard. */
function shardOf(value: string): ScheduleShard {
  const [index, count] = value.split('/').map(Number);
  return { index: index!, count: count! };
}

function optionsOf(flags: InterleaveFlags, target: Target, shard: ScheduleShard | undefined): ExploreOptions {
  const o: ExploreOptions = { seed: flags.seed ?? 0, race: flags.race ?? target.race ?? false, root: process.cwd() };
  if (shard !== undefined) o.scheduleShard = shard;
  if (target.sharedState !== undefined) o.sharedState = target.sharedState;
  if (flags.schedules !== undefined) o.schedules = flags.schedules;
  if (flags.strategy !== undefined) o.strategy = flags.strategy as StrategyName;
  return o;
}

/** `partOnly`: one part of a split exploration (see the file comment). */
async function exploreTarget(target: Target, options: ExploreOptions, partOnly: boolean): Promise<Outcome> {
  try {
    return judge(target, await explore(target.program, options), partOnly);
  } catch (e) {
    const error = stackOf(e) ?? describeThrown(e);
    return { target, result: { ok: false, schedules: 0, exhausted: false, coverage: { complete: false, assumption: '', classes: 0, schedules: 0, seenOnce: 0, newClassChance: 1 } }, found: ['error'], expected: [...new Set(target.expect ?? [])].sort(), ok: false, part: false, error };
  }
}

function judge(target: Target, result: Omit<ExploreResult, 'stats'>, partOnly: boolean): Outcome {
  const all: FailureLike[] = [...(result.failure ? [result.failure] : []), ...(result.failures ?? [])];
  const found = [...new Set(all.map((f) => f.kind))].sort();
  const expected = [...new Set(target.expect ?? [])].sort();
  const exact = found.join(',') === expected.join(',');
  const part = !exact && partOnly && found.every((k) => expected.includes(k));
  return { target, result, found, expected, ok: exact || part, part };
}

function printOne(o: Outcome, c: InstanceType<typeof Chalk>): void {
  const { result } = o;
  const space = result.exhausted ? ' (the whole space)' : '';
  if (o.error !== undefined) {
    console.log(c.red(`${o.target.name}: explore threw: ${o.error}`));
    return;
  }
  if (!result.failure) {
    console.log(c.green(`${o.target.name}: clean in ${result.schedules} schedules${space}`));
    return;
  }
  const f = result.failure;
  console.log(f.text.trimEnd());
  console.log(`\n${c.red(`${o.target.name}: ${f.kind} in schedule ${f.schedule}`)}: ${f.message}`);
  console.log(`replay: ${c.cyan(f.replay)}`);
}

function printTable(outcomes: readonly Outcome[], c: InstanceType<typeof Chalk>): void {
  const rows = outcomes.map((o) => [
    o.target.name,
    o.expected.join(', ') || 'clean',
    o.found.join(', ') || 'clean',
    `${o.result.schedules}${o.result.exhausted ? ' (all)' : o.result.shard?.exhausted === true ? ' (all of its part)' : ''}`,
    o.result.failure ? abbreviate(o.result.failure.replay) : '-',
    o.part ? 'part' : o.ok ? 'ok' : 'MISMATCH',
  ]);
  const header = ['fixture', 'expected', 'found', 'schedules', 'replay', 'verdict'];
  console.log(table(header, rows, (cell, row, col) => (col === 5 ? (outcomes[row]?.ok ? c.green(cell) : c.red.bold(cell)) : cell)));
  for (const o of outcomes.filter((x) => !x.ok)) {
    console.log(`\n${c.red.bold('MISMATCH')} ${o.target.name}: expected ${o.expected.join(', ') || 'clean'}, found ${o.found.join(', ') || 'clean'}`);
    if (o.result.failure) console.log(`${o.result.failure.text.trimEnd()}\nreplay: ${o.result.failure.replay}`);
    if (o.error !== undefined) console.log(`explore threw: ${o.error}`);
  }
}

async function replayOne(targets: readonly Target[], token: string, flags: InterleaveFlags, c: InstanceType<typeof Chalk>): Promise<number> {
  const [target] = targets;
  if (!target || targets.length > 1) throw new UsageError('--replay needs one program: pick it with --fixture NAME');
  const r = await replay(target.program, token, { ...(flags.race === undefined ? {} : { race: flags.race }), root: process.cwd() });
  for (const f of r.findings) console.log(`${f.text.trimEnd()}\n`);
  console.log(r.ok ? c.green(`${target.name}: clean under this schedule`) : c.red(`${target.name}: ${r.findings.map((f) => f.kind).join(', ')}`));
  return r.ok ? 0 : 1;
}

/**
 * Writes every failing fixture's full token (the table shows the start of it)
 * to `.interleave/explore-replays.json`; returns the path, or undefined when
 * nothing failed.
 */
function writeTokens(outcomes: readonly Outcome[]): string | undefined {
  const found = outcomes.filter((o) => o.result.failure).map((o) => ({ fixture: o.target.name, kind: o.result.failure?.kind, replay: o.result.failure?.replay }));
  if (!found.length) return undefined;
  const path = '.interleave/explore-replays.json';
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(resolve(path), `${JSON.stringify({ version: 1, replays: found }, null, 2)}\n`);
  return path;
}

function abbreviate(token: string): string {
  return token.length > 20 ? `${token.slice(0, 20)}…` : token;
}
