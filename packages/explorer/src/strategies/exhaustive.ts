/**
 * The exhaustive strategy: depth-first search over every decision of a run
 * with source-set dynamic partial-order reduction and sleep sets (Abdulla,
 * Aronis, Jonsson, Sagonas, "Optimal dynamic partial order reduction", POPL
 * 2014, Algorithm 1; after Flanagan and Godefroid, POPL 2005).
 *
 * - Goroutine decisions are explored lazily: after each run, every race e ⋖ e'
 *   (dependent steps of different goroutines not ordered by anything else) adds
 *   one goroutine that can start the reversed order to the backtrack set of the
 *   node before e, unless one is there already (./dpor/source-sets.ts).
 * - `select`, timer and random decisions are always branched on every option.
 * - Events are completed operations: a blocked attempt reads its object and
 *   commutes with the step that completes it (see ../trace/recorder.ts and
 *   ./dpor/happens-before.ts), so joins by WaitGroup or channels add no trace.
 * - Sleep sets make two complete runs never fall in the same Mazurkiewicz
 *   trace, so `classes` (complete runs) counts the traces explored; runs cut by
 *   a sleep set (`sleepBlocked`) are the price of source sets over wakeup trees.
 *   Not optimal, then: the optimal algorithm (wakeup trees: Abdulla, Aronis,
 *   Jonsson, Sagonas, "Source sets: a foundation for optimal dynamic partial
 *   order reduction", JACM 2017) runs none; here lastzero(10) runs 6,359 of them
 *   beside its 3,328 traces (docs/explorer.md lists where else it is not).
 *   Wakeup trees were tried and reached 0 on every benchmark, but lost traces
 *   under core's fairness rule (a goroutine that polls is held back until the
 *   goroutines runnable before it have run, so not every reordering of
 *   independent steps can be run, and a wakeup sequence that runs unrelated
 *   steps early can make the order it aims at unreachable:
 *   test/dpor-fairness.test.ts). Source sets only fix the first goroutine of a
 *   reversal and let the run go on freely from there.
 * - `maxPreemptions` bounds the search as CHESS does (Musuvathi, Qadeer, PLDI
 *   2007). Bounded, sleep sets are off and a goroutine added at a preempting
 *   point is also added at the last non-preempting switch before it (Coons,
 *   Musuvathi, McKinley, "Bounded partial-order reduction", OOPSLA 2013).
 * - `exhausted` becomes true when no node has a choice left, and no run hit the
 *   step limit or outgrew the recorder's trace (`MAX_TRACED_STEPS`: no nodes
 *   past it).
 * - With a shard (`StrategyOptions.shard`, one of several machines), the first
 *   decisions branch fully and the shard searches only below the prefixes it
 *   owns (./dpor/partition.ts); `exhausted` then says that its part is covered.
 *
 * Invariant: between runs, `path[0..prefix-1]` is the prefix the next run
 * replays, and `path[prefix-1].chosen` is the choice not explored before.
 */
import type { RunResult, Scheduler } from '../core.ts';
import { END, Footprint, union } from '../trace/footprint.ts';
import type { Recorder } from '../trace/recorder.ts';
import { RunController, type SearchConfig } from './dpor/controller.ts';
import { HappensBefore, type HbEvent } from './dpor/happens-before.ts';
import { PrefixPartition } from './dpor/partition.ts';
import { initials } from './dpor/source-sets.ts';
import { isPreemption, pending, type Node } from './dpor/tree.ts';
import type { ScheduleContext, Strategy, StrategyOptions } from './types.ts';

/**
 * The exhaustive strategy (DPOR by default; `por: false` for plain DFS).
 *
 * @example
 * ```ts
 * const r = await explore(program, { strategy: 'exhaustive', schedules: 10_000 });
 * r.exhausted; // true when every class was run
 * ```
 */
export function exhaustiveStrategy(options?: StrategyOptions): ExhaustiveStrategy {
  const shard = options?.shard;
  const partition = shard === undefined || shard.count === 1 ? undefined : new PrefixPartition(shard);
  return new ExhaustiveStrategy({ maxPreemptions: options?.maxPreemptions, por: options?.por ?? true, sharedState: options?.sharedState }, partition);
}

/**
 * See {@link exhaustiveStrategy}.
 *
 * @example
 * ```ts
 * const s = new ExhaustiveStrategy({ maxPreemptions: undefined, por: true });
 * await explore(program, { strategy: s, schedules: 5000 });
 * s.classes; // Mazurkiewicz traces explored
 * ```
 */
export class ExhaustiveStrategy implements Strategy {
  readonly name = 'exhaustive';
  exhausted = false;
  nondeterminism: string | undefined;
  /** Complete runs: distinct Mazurkiewicz traces. */
  classes = 0;
  /** Runs cut short by a sleep set (redundant). */
  sleepBlocked = 0;
  /** Races that no runnable goroutine could reverse (should stay 0). */
  unreversible = 0;
  /** Sharded: runs that only discovered prefixes another shard owns (their first runs). */
  discovery = 0;
  private readonly path: Node[] = [];
  private prefix = 0;
  private finished = false;
  private truncated = false;
  private current: RunController | undefined;
  /** Sharded: the run under way is the first run of a prefix another shard owns. */
  private foreign = false;

  private readonly useSleep: boolean;

  /** `partition`: search only the prefixes one shard owns (see ./dpor/partition.ts). */
  constructor(private readonly cfg: SearchConfig, private readonly partition?: PrefixPartition) {
    this.useSleep = cfg.por && cfg.maxPreemptions === undefined;
  }

  /** Every schedule index is this strategy's to run: a shard's part is chosen by prefix, not by index. */
  ownsSchedule(): boolean {
    return true;
  }

  /** True until the search is over. */
  wantsTrace(): boolean {
    return !this.finished;
  }

  next(ctx: ScheduleContext): Scheduler | undefined {
    if (this.finished) return undefined;
    if (!ctx.recorder.trace) throw new Error('the exhaustive strategy needs a recorder with trace: true (see Strategy.wantsTrace)');
    this.current = new RunController(this.path, this.prefix, ctx.recorder, this.cfg);
    return this.current;
  }

  report(_result: RunResult, ctx: ScheduleContext): void {
    const run = this.current;
    if (run === undefined) return;
    this.current = undefined;
    ctx.recorder.onStep = undefined;
    if (run.nondeterminism !== undefined) {
      this.nondeterminism = run.nondeterminism;
      this.finished = true;
      return;
    }
    const rec = ctx.recorder;
    const end = rec.end;
    const foreign = this.partition !== undefined && this.enterPrefix(this.partition);
    // A run cut by the step limit, or too long to trace whole, leaves part of the space unseen
    // (a run of a prefix another shard owns is that shard's first run there: it counts it).
    if (!foreign && (end?.truncated === true || rec.traceCut)) this.truncated = true;
    const terminating = end?.terminating === true && !rec.traceCut;
    const last = rec.steps[rec.steps.length - 1];
    if (terminating && last !== undefined) last.fp.set(END, true);
    this.recordChildFootprints(rec);
    if (foreign) {
      // Its nodes below the split depth are the owner's to search.
      if (this.path.length > this.partition!.depth!) this.path.length = this.partition!.depth!;
      this.discovery++;
      this.advance();
      return;
    }
    if (this.cfg.por) this.analyse(rec, run, terminating);
    if (run.blockedAt >= 0) this.sleepBlocked++;
    else this.classes++;
    this.advance();
  }

  stats(): Readonly<Record<string, number>> {
    const stats = { classes: this.classes, sleepBlocked: this.sleepBlocked, unreversible: this.unreversible };
    const part = this.partition;
    return part === undefined ? stats : { ...stats, discovery: this.discovery, prefixes: part.prefixes, splitDepth: part.depth ?? 0 };
  }

  /**
   * Sharded: chooses the split depth after the first run, makes the run's new
   * nodes above it branch on every runnable goroutine, and returns whether the
   * run was the first run of a prefix another shard owns.
   */
  private enterPrefix(part: PrefixPartition): boolean {
    if (part.depth === undefined) this.foreign = !part.owns(part.meet());
    const depth = part.depth ?? part.chooseDepth(this.path);
    for (let k = this.prefix; k < Math.min(depth, this.path.length); k++) {
      const node = this.path[k]!;
      if (node.kind === 'goroutine') for (const g of node.runnable) node.backtrack.add(g);
    }
    return this.foreign;
  }

  /**
   * Unions each node's chosen first step into its footprint. Above a shard's
   * split depth only the first run of a choice records it: every shard runs that
   * run, so every shard puts the same goroutines to sleep there (the step itself
   * starts from one state, so later runs would add nothing).
   */
  private recordChildFootprints(rec: Recorder): void {
    const depth = this.partition?.depth ?? 0;
    for (let k = Math.max(0, this.prefix - 1); k < this.path.length; k++) {
      const node = this.path[k]!;
      const step = rec.steps[node.step];
      if (node.kind !== 'goroutine' || step === undefined) continue;
      if (k < depth && node.childFp.has(node.chosen)) continue;
      let fp = node.childFp.get(node.chosen);
      if (fp === undefined) node.childFp.set(node.chosen, (fp = new Footprint()));
      union(fp, step.fp);
    }
  }

  private analyse(rec: Recorder, run: RunController, terminating: boolean): void {
    const limit = run.blockedAt >= 0 ? run.blockedAt : rec.steps.length;
    const events: HbEvent[] = rec.steps.slice(0, limit);
    if (run.blockedAt < 0 && terminating) {
      for (const g of rec.end?.runnable ?? []) {
        const prev = rec.lastStepOf(g);
        const local = prev >= 0 ? (rec.steps[prev]?.local ?? 0) + 1 : 0;
        events.push({ g, local, fp: new Footprint([[END, false]]), prev, ...rec.pendingPreds(g) });
      }
    }
    const hb = new HappensBefore(events, run.branchStep, { cleanWakes: this.cfg.sharedState === 'objects' });
    for (const { i, j } of hb.races()) {
      const at = this.reversalPoint(rec, i, initials(hb, i, j, limit));
      if (at === undefined) {
        this.unreversible++;
        continue;
      }
      const { di, node, starters } = at;
      const gj = events[j]!.g;
      const pick = starters.includes(gj) ? gj : Math.min(...starters);
      // A starter already explored or scheduled here, or asleep here (every run that
      // starts with it is covered elsewhere), covers the reversed race.
      const covered = starters.some((g) => node.backtrack.has(g) || (this.useSleep && node.sleep.has(g)));
      if (!covered) node.backtrack.add(pick);
      // Bounded: the goroutine may not be explorable here (one preemption too many),
      // so also try it where switching to it preempts nobody.
      if (this.cfg.maxPreemptions !== undefined && isPreemption(node, pick)) this.addAtFreeSwitch(di, pick);
    }
  }

  /**
   * The goroutine node where a race with step `i` is reversed, and the starters it
   * offers: the node that picked step `i`, or, when that one cannot run any starter,
   * the latest goroutine node before it that can. Not every step follows a free
   * choice: after `go()` only the spawner or the new goroutine may run, and the
   * spawner's step after a nested child is forced, so running a starter before
   * step `i` means running it before the step that made the choice (a
   * conservative move: it only adds runs).
   */
  private reversalPoint(rec: Recorder, i: number, initial: readonly number[]): { di: number; node: Node; starters: number[] } | undefined {
    for (let k = i; k >= 0; k--) {
      const di = rec.steps[k]?.decision ?? -1;
      const node = di >= 0 ? this.path[di] : undefined;
      if (node === undefined || node.kind !== 'goroutine') continue;
      const starters = initial.filter((g) => node.runnable.includes(g));
      if (starters.length > 0) return { di, node, starters };
    }
    return undefined;
  }

  /** Bounded search: also try `g` at the last switch before node `k` that preempted nobody. */
  private addAtFreeSwitch(k: number, g: number): void {
    for (let m = k - 1; m >= 0; m--) {
      const node = this.path[m]!;
      if (node.kind === 'goroutine' && !node.currentRunnable && node.runnable.includes(g)) {
        node.backtrack.add(g);
        return;
      }
    }
  }

  /**
   * Moves to the next choice of the deepest node that has one. Sharded, a new
   * choice above the split depth starts the next prefix in the fixed order: its
   * run is this shard's, or the discovery run of another shard's prefix.
   */
  private advance(): void {
    const part = this.partition;
    for (let k = this.path.length - 1; k >= 0; k--) {
      const node = this.path[k]!;
      const choice = pending(node, this.cfg.maxPreemptions, this.useSleep)[0];
      if (choice === undefined) continue;
      this.path.length = k + 1;
      node.chosen = choice;
      node.chosenIndex = node.kind === 'goroutine' ? node.runnable.indexOf(choice) : choice;
      node.done.add(choice);
      this.prefix = k + 1;
      if (part?.depth !== undefined && k < part.depth) this.foreign = !part.owns(part.meet());
      return;
    }
    this.finished = true;
    this.exhausted = !this.truncated;
  }
}
