/**
 * The scheduler of one exhaustive run: it replays the tree's path up to the
 * branch node, then extends the path with new nodes, following the wakeup tree
 * it was given (./wakeup-tree.ts) while there is one, then choosing by default
 * the current goroutine (no preemption) or the lowest runnable one that is not
 * asleep, and tracks the sleep set (Godefroid's sleep sets, as optimal DPOR uses
 * them) after every step. Each new node keeps the wakeup-tree entries it did not
 * take as its own wakeup tree.
 *
 * A run whose every runnable goroutine is asleep is "sleep-set blocked": it is
 * equivalent to one explored already. Core cannot stop a run early, so the run
 * goes on with fallback choices; from `blockedAt` on it creates no nodes and its
 * steps are not analysed.
 *
 * Invariants: `sleep` is undefined before the branch node is reached; after it,
 * `sleep` holds the goroutines asleep after every completed step with index >=
 * `filterFrom`; `processed` is the number of steps whose completion was handled.
 */
import type { Decision, Scheduler } from '../../core.ts';
import { independent, MEMORY, type Footprint } from '../../trace/footprint.ts';
import { MAX_TRACED_STEPS, type Recorder, type StepRecord } from '../../trace/recorder.ts';
import { isPreemption, type Node } from './tree.ts';
import { copyWakeup, type WakeupNode } from './wakeup-tree.ts';

/**
 * How the exhaustive search is bounded and reduced.
 *
 * @example
 * ```ts
 * const cfg: SearchConfig = { maxPreemptions: 2, por: true };
 * ```
 */
export interface SearchConfig {
  readonly maxPreemptions: number | undefined;
  /** Partial-order reduction on; off means plain depth-first search over every decision. */
  readonly por: boolean;
  /**
   * Where shared state may live (see `ExploreOptions.sharedState`). Default
   * 'anywhere': every step writes {@link MEMORY}, so no two steps of different
   * goroutines are independent; 'objects': only interleave objects are shared.
   */
  readonly sharedState?: SharedState | undefined;
}

/**
 * Where a program keeps the state its goroutines share.
 *
 * @example
 * ```ts
 * const s: SharedState = 'objects'; // every shared value is a chan, Mutex-guarded shared(), Atomic, ...
 * ```
 */
export type SharedState = 'anywhere' | 'objects';

/**
 * Scheduler for one run of the exhaustive strategy.
 *
 * @example
 * ```ts
 * const ctl = new RunController(path, prefix, recorder, { maxPreemptions: undefined, por: true });
 * await run(program, { scheduler: recorder.wrap(ctl), monitors: [recorder] });
 * ```
 */
export class RunController implements Scheduler {
  /** First step of the run that is sleep-set blocked, or -1. */
  blockedAt = -1;
  /** Why the replayed prefix did not match, if it did not. */
  nondeterminism: string | undefined;
  /** First step whose races are new in this run (the branch node's step). */
  branchStep = 0;
  /** Wakeup-tree entries this run could not follow (their goroutine could not run there; should stay 0). */
  guideMisses = 0;
  private sleep: Map<number, Footprint> | undefined;
  private filterFrom = 0;
  private processed = 0;
  private preemptions = 0;
  private readonly useSleep: boolean;
  private readonly plainState: boolean;

  constructor(
    private readonly path: Node[],
    private readonly prefix: number,
    private readonly rec: Recorder,
    private readonly cfg: SearchConfig,
    /** The wakeup tree to follow past the branch node (optimal search), owned by this run. */
    private guide: readonly WakeupNode[] = [],
  ) {
    this.useSleep = cfg.por && cfg.maxPreemptions === undefined;
    this.plainState = (cfg.sharedState ?? 'anywhere') === 'anywhere';
    rec.onStep = (i) => this.onStep(i);
    if (prefix === 0) this.sleep = new Map();
  }

  choose(d: Decision): number {
    if (d.kind === 'goroutine' || d.kind === 'timer') this.complete(this.rec.steps.length);
    if (this.nondeterminism !== undefined) return fallback(d);
    if (d.index < this.prefix) return this.replayNode(d);
    // Past the recorder's trace, steps have no footprints to analyse: no new nodes.
    if (this.blockedAt >= 0 || d.index !== this.path.length || this.rec.steps.length >= MAX_TRACED_STEPS) return fallback(d);
    return this.extend(d);
  }

  private replayNode(d: Decision): number {
    const node = this.path[d.index]!;
    const mismatch = describeMismatch(node, d);
    if (mismatch !== undefined) {
      this.nondeterminism = `decision ${d.index} diverged on replay: ${mismatch}`;
      return fallback(d);
    }
    node.step = d.kind === 'goroutine' ? this.rec.steps.length : this.rec.decisionStep;
    this.preemptions = node.preemptions + (isPreemption(node, node.chosen) ? 1 : 0);
    if (d.index === this.prefix - 1) this.branch(node);
    return node.chosenIndex;
  }

  private branch(node: Node): void {
    const sleep = new Map(node.sleep);
    if (this.useSleep && node.kind === 'goroutine') {
      for (const g of node.done) {
        const fp = node.childFp.get(g);
        if (g !== node.chosen && fp !== undefined) sleep.set(g, fp);
      }
    }
    this.sleep = sleep;
    this.filterFrom = node.step;
    this.branchStep = node.step;
  }

  private extend(d: Decision): number {
    const goroutine = d.kind === 'goroutine';
    const runnable = goroutine ? d.runnable.map((v) => v.id) : [];
    const node: Node = {
      kind: d.kind, options: d.options, runnable, current: d.current,
      currentRunnable: goroutine && d.current !== 0 && runnable.includes(d.current),
      preemptions: this.preemptions, sleep: this.sleep === undefined || this.sleep.size === 0 ? NO_SLEEP : new Map(this.sleep), chosen: 0, chosenIndex: 0,
      backtrack: new Set(), done: new Set(), childFp: new Map(),
      step: goroutine ? this.rec.steps.length : this.rec.decisionStep,
      wut: [], guide: !goroutine && this.guide.length > 0 ? copyWakeup(this.guide) : undefined,
    };
    if (!goroutine) {
      node.done.add(0);
      this.path.push(node);
      return 0;
    }
    const pick = this.guidedPick(node) ?? this.defaultPick(node);
    if (pick === undefined) {
      this.blockedAt = this.rec.steps.length;
      return fallback(d);
    }
    node.chosen = pick;
    node.chosenIndex = runnable.indexOf(pick);
    node.done.add(pick);
    node.backtrack.add(pick);
    if (!this.cfg.por) for (const g of runnable) node.backtrack.add(g);
    this.preemptions += isPreemption(node, pick) ? 1 : 0;
    this.path.push(node);
    return node.chosenIndex;
  }

  /**
   * The first goroutine of the wakeup tree being followed that can run here (and is
   * awake); the node keeps the tree's later entries as its wakeup tree, and the run
   * goes on with the subtree below the one picked. Undefined when there is no tree
   * left to follow.
   */
  private guidedPick(node: Node): number | undefined {
    if (this.guide.length === 0) return undefined;
    const canRun = (g: number): boolean => node.runnable.includes(g) && !(this.sleep?.has(g) ?? false);
    const { heads, skipped } = runnableHeads(this.guide, canRun);
    this.guideMisses += skipped;
    const first = heads[0];
    if (first === undefined) {
      this.guide = [];
      return undefined;
    }
    for (let m = 1; m < heads.length; m++) node.wut.push(heads[m]!);
    this.guide = first.children;
    return first.g;
  }

  private defaultPick(node: Node): number | undefined {
    const awake = (g: number): boolean => !(this.sleep?.has(g) ?? false);
    if (node.currentRunnable && awake(node.current)) return node.current;
    const max = this.cfg.maxPreemptions;
    for (const g of node.runnable) {
      if (!awake(g)) continue;
      if (max !== undefined && node.preemptions + (isPreemption(node, g) ? 1 : 0) > max) continue;
      return g;
    }
    return undefined;
  }

  private onStep(index: number): void {
    this.complete(index);
    const s = this.rec.steps[index];
    // The step's own code may read and write any plain JavaScript state.
    if (this.plainState && s !== undefined) s.fp.set(MEMORY, true);
    // The replayed prefix must pick the same goroutines (checked here: reading the
    // decision's runnable list would copy the run queue at every decision).
    const node = s !== undefined && s.decision >= 0 && s.decision < this.prefix ? this.path[s.decision] : undefined;
    if (node !== undefined && node.chosen !== s!.g && this.nondeterminism === undefined) {
      this.nondeterminism = `decision ${s!.decision} diverged on replay: expected goroutine ${node.chosen} to run, goroutine ${s!.g} did`;
    }
    if (this.sleep !== undefined && this.blockedAt < 0 && s !== undefined && this.sleep.has(s.g)) this.blockedAt = index;
  }

  private complete(upTo: number): void {
    const sleep = this.sleep;
    if (sleep !== undefined && sleep.size > 0) {
      for (let s = Math.max(this.processed, this.filterFrom); s < upTo; s++) filter(sleep, this.rec.steps[s]);
    }
    if (upTo > this.processed) this.processed = upTo;
  }
}

/**
 * The entries of a wakeup tree that can start here. An entry whose goroutine
 * cannot run (it blocked earlier than the run the tree came from said: a channel
 * operation that a clean wake let move ahead of its partner finds nobody there;
 * or core's fairness rule does not offer it: it polled, and a goroutine runnable
 * since before its poll has not run yet) gives way to its subtree without that
 * goroutine's steps, which come later; an entry whose goroutine is already among
 * the heads is dropped. `skipped` counts both.
 */
function runnableHeads(tree: readonly WakeupNode[], canRun: (g: number) => boolean): { heads: WakeupNode[]; skipped: number } {
  const heads: WakeupNode[] = [];
  let skipped = 0;
  const visit = (nodes: readonly WakeupNode[], without: ReadonlySet<number>): void => {
    for (const n of nodes) {
      if (without.has(n.g)) visit(n.children, without);
      else if (!canRun(n.g)) {
        skipped++;
        visit(n.children, new Set([...without, n.g]));
      } else if (heads.some((h) => h.g === n.g)) skipped++;
      else heads.push(without.size === 0 ? n : { g: n.g, fp: n.fp, children: prune(n.children, without) });
    }
  };
  visit(tree, new Set());
  return { heads, skipped };
}

/** A copy of `nodes` without the steps of the goroutines in `without` (their children take their place). */
function prune(nodes: readonly WakeupNode[], without: ReadonlySet<number>): WakeupNode[] {
  const out: WakeupNode[] = [];
  for (const n of nodes) {
    if (without.has(n.g)) out.push(...prune(n.children, without));
    else out.push({ g: n.g, fp: n.fp, children: prune(n.children, without) });
  }
  return out;
}

/** The sleep set of most nodes: empty, shared (a node's sleep set is never changed). */
const NO_SLEEP: ReadonlyMap<number, Footprint> = new Map();

function filter(sleep: Map<number, Footprint>, step: StepRecord | undefined): void {
  if (step === undefined) return;
  for (const [g, fp] of sleep) if (g === step.g || !independent(fp, step.fp)) sleep.delete(g);
}

function fallback(d: Decision): number {
  if (d.kind !== 'goroutine') return 0;
  const i = d.runnable.findIndex((v) => v.id === d.current);
  return i >= 0 ? i : 0;
}

/** The replayed decision must have the recorded kind and number of options (the goroutine picked is checked at its step). */
function describeMismatch(node: Node, d: Decision): string | undefined {
  if (node.kind === d.kind && node.options === d.options) return undefined;
  return `expected a ${node.kind} decision among ${node.options}, got a ${d.kind} decision among ${d.options}`;
}
