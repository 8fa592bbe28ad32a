/**
 * The exhaustive strategy: depth-first search over every decision of a run
 * with optimal dynamic partial-order reduction: wakeup trees and sleep sets
 * (Abdulla, Aronis, Jonsson, Sagonas, "Source sets: a foundation for optimal
 * dynamic partial order reduction", JACM 64(4), 2017, Algorithm 2, Optimal-DPOR;
 * first in "Optimal dynamic partial order reduction", POPL 2014).
 *
 * - Goroutine decisions are explored lazily: after each run, every race e ⋖ e'
 *   (dependent steps of different goroutines not ordered by anything else) is
 *   reversed at the node before e: the wakeup sequence v = notdep(e).e' goes
 *   into that node's wakeup tree, unless a goroutine asleep there is a weak
 *   initial of v or the tree already has a path that starts an equivalent run
 *   (./dpor/wakeup-tree.ts). A node explores its wakeup tree in order, each
 *   entry with the subtree below it, which the next run follows to its end
 *   before it chooses freely (./dpor/controller.ts).
 * - `select`, timer and random decisions are always branched on every option;
 *   each option follows the wakeup tree in effect where the decision was taken.
 * - Events are completed operations: a blocked attempt reads its object and
 *   commutes with the step that completes it (see ../trace/recorder.ts and
 *   ./dpor/happens-before.ts), so joins by WaitGroup or channels add no trace.
 * - Sleep sets make two complete runs never fall in the same Mazurkiewicz
 *   trace, so `classes` (complete runs) counts the traces explored. With wakeup
 *   trees no run is cut by a sleep set where every wakeup sequence can be run
 *   (`sleepBlocked` 0 on every benchmark: lastzero(10) runs its 3,328 traces and
 *   nothing else; source sets alone ran 6,359 cut runs beside them): the search
 *   is optimal there.
 * - Fairness (core's fairness.ts): a goroutine that polled is held back until
 *   the goroutines runnable before it have run, so not every reordering of
 *   independent steps can be run. A poll step writes FAIR (../trace/footprint.ts)
 *   and so is dependent on every step: races put it on both sides of each, and
 *   every wakeup sequence keeps its order with the poll. A wakeup-tree entry
 *   whose goroutine is not offered where the tree says (held back, or blocked
 *   earlier than the run the tree came from) gives way to its subtree without
 *   that goroutine's steps, which come later (`guideMisses` counts them).
 * - Such runs are not closed under reordering independent steps, and a wakeup
 *   tree's judgement that a run it holds already covers a reversal (through a
 *   weak initial: a goroutine whose step commutes with all of v) assumes they
 *   are. So the races of a run that polled (some step wrote FAIR) or strayed
 *   from its tree also get a source set: unless a goroutine that starts v (an
 *   initial, ./dpor/source-sets.ts) is explored, asleep or at the top of the
 *   node's tree, one goes in as a leaf (`fairBackups`). Without it, wakeup trees
 *   lost outcomes on 1 of 199 generated programs (test/dpor-fairness.test.ts).
 *   Those runs may then end sleep-blocked: where goroutines poll, the search is
 *   not optimal. Where no run polls or strays, none was sleep-blocked, on every
 *   benchmark and every generated program (measured, not proven).
 * - Which reduction runs when: wakeup trees with `por` on and no
 *   `maxPreemptions`. A race whose first step was chosen where no goroutine that
 *   can start v could run (the decision after `go()` offers only the spawner
 *   and the child) falls back to a source set: a starter of v goes in as a leaf
 *   at the latest node before it where it can run (`walkedBack`), which only
 *   adds runs. Sharded (`StrategyOptions.shard`), the prefix levels branch on
 *   every goroutine (their choices start free runs, and a race reversed there
 *   needs nothing more), and the wakeup trees work below them. Bounded, the
 *   search is source sets without sleep sets (below).
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
import { END, FAIR, Footprint, union } from '../trace/footprint.ts';
import type { Recorder } from '../trace/recorder.ts';
import { RunController, type SearchConfig } from './dpor/controller.ts';
import { HappensBefore, type HbEvent } from './dpor/happens-before.ts';
import { PrefixPartition } from './dpor/partition.ts';
import { initials } from './dpor/source-sets.ts';
import { isPreemption, pending, type Node } from './dpor/tree.ts';
import { copyWakeup, insertWakeup, sleepCovers, wakeupSequence, type WakeupNode } from './dpor/wakeup-tree.ts';
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
  /** Races reversed from a node before the one that chose their first step (a decision with fewer options: after `go()`). */
  walkedBack = 0;
  /** Wakeup-tree entries a run could not follow (should stay 0). */
  guideMisses = 0;
  /** Races of runs that polled whose wakeup sequence no initial in the tree started: a source-set leaf added. */
  fairBackups = 0;
  private readonly path: Node[] = [];
  private prefix = 0;
  /** The wakeup tree the next run follows past its branch node. */
  private guide: readonly WakeupNode[] = [];
  private finished = false;
  private truncated = false;
  private current: RunController | undefined;
  /** Sharded: the run under way is the first run of a prefix another shard owns. */
  private foreign = false;

  private readonly useSleep: boolean;
  /** Optimal search (wakeup trees): sleep sets on (see the file comment). */
  private readonly optimal: boolean;

  /** `partition`: search only the prefixes one shard owns (see ./dpor/partition.ts). */
  constructor(private readonly cfg: SearchConfig, private readonly partition?: PrefixPartition) {
    this.useSleep = cfg.por && cfg.maxPreemptions === undefined;
    this.optimal = this.useSleep;
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
    this.current = new RunController(this.path, this.prefix, ctx.recorder, this.cfg, this.guide);
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
    this.guideMisses += run.guideMisses;
    if (run.blockedAt >= 0) this.sleepBlocked++;
    else this.classes++;
    this.advance();
  }

  stats(): Readonly<Record<string, number>> {
    const stats = { classes: this.classes, sleepBlocked: this.sleepBlocked, unreversible: this.unreversible, walkedBack: this.walkedBack, guideMisses: this.guideMisses, fairBackups: this.fairBackups };
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
    // A run that polled, or strayed from its wakeup tree: its races also get a source set (see the file comment).
    const unsure = this.optimal && (run.guideMisses > 0 || events.some((e) => e.fp.get(FAIR) === true));
    for (const { i, j } of hb.races()) {
      const inserted = this.optimal && this.insertRace(rec, hb, i, j, limit);
      if (inserted && !unsure) continue;
      const at = this.reversalPoint(rec, i, initials(hb, i, j, limit));
      if (at === undefined) {
        if (!inserted) this.unreversible++;
        continue;
      }
      const { di, node, starters } = at;
      const gj = events[j]!.g;
      const pick = starters.includes(gj) ? gj : Math.min(...starters);
      // A starter already explored or scheduled here, or asleep here (every run that
      // starts with it is covered elsewhere), covers the reversed race.
      const covered = starters.some((g) => node.backtrack.has(g) || (this.useSleep && node.sleep.has(g)) || (this.optimal && node.wut.some((w) => w.g === g)));
      if (covered) continue;
      if (this.optimal) {
        if (inserted) this.fairBackups++;
        else this.walkedBack++;
        node.wut.push({ g: pick, fp: undefined, children: [] });
      } else node.backtrack.add(pick);
      // Bounded: the goroutine may not be explorable here (one preemption too many),
      // so also try it where switching to it preempts nobody.
      if (this.cfg.maxPreemptions !== undefined && isPreemption(node, pick)) this.addAtFreeSwitch(di, pick);
    }
  }

  /**
   * Optimal search: reverses the race `i` ⋖ `j` at the node that chose step `i`
   * (the paper's E' = pre(E, e)), by inserting v = notdep(i).j into its wakeup
   * tree unless a goroutine asleep there (on entry, or explored there before the
   * current choice) is a weak initial of v. False when that node offers no choice
   * that can start v (a decision after `go()`): the caller walks back.
   */
  private insertRace(rec: Recorder, hb: HappensBefore, i: number, j: number, real: number): boolean {
    const di = rec.steps[i]?.decision ?? -1;
    const node = di >= 0 ? this.path[di] : undefined;
    if (node === undefined || node.kind !== 'goroutine') return false;
    // Sharded: the prefix levels branch on every goroutine already.
    const depth = this.partition?.depth;
    if (depth !== undefined && di < depth) return true;
    const v = wakeupSequence(hb, i, j, real);
    if (!node.runnable.includes(v[0]!.g)) return false;
    if (sleepCovers(this.sleepAt(node), v)) return true;
    insertWakeup(node.wut, v);
    return true;
  }

  /** The sleep set of `node` now: asleep on entry, plus the choices explored there before the current one. */
  private *sleepAt(node: Node): Generator<readonly [number, Footprint | undefined]> {
    yield* node.sleep;
    for (const g of node.done) if (g !== node.chosen) yield [g, node.childFp.get(g)];
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
      // Sharded, a node of the prefix levels branches on its backtrack set (every runnable goroutine) and its runs start free.
      const prefixLevel = part?.depth !== undefined && k < part.depth;
      const choice = this.optimal && node.kind === 'goroutine' && !prefixLevel ? this.nextWakeup(node) : pending(node, this.cfg.maxPreemptions, this.useSleep)[0];
      if (choice === undefined) continue;
      if (this.optimal) this.guide = prefixLevel ? [] : node.kind !== 'goroutine' ? copyWakeup(node.guide ?? []) : this.guide;
      node.backtrack.add(choice);
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

  /** Optimal search: takes the next entry of the node's wakeup tree that can run, and sets the subtree the next run follows. */
  private nextWakeup(node: Node): number | undefined {
    for (let w = node.wut.shift(); w !== undefined; w = node.wut.shift()) {
      if (node.done.has(w.g) || node.sleep.has(w.g) || !node.runnable.includes(w.g)) {
        this.guideMisses++;
        continue;
      }
      this.guide = w.children;
      return w.g;
    }
    return undefined;
  }
}
