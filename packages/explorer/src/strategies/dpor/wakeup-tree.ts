/**
 * Wakeup trees, the part of optimal DPOR that source sets lack (Abdulla,
 * Aronis, Jonsson, Sagonas, "Source sets: a foundation for optimal dynamic
 * partial order reduction", JACM 64(4), 2017, Section 6 and Algorithm 2;
 * first in "Optimal dynamic partial order reduction", POPL 2014).
 *
 * A race e ⋖ e' found in a run E is reversed by the wakeup sequence
 * v = notdep(e, E).e' (the events after e that do not happen after it, then
 * e'), to be run from the state E' before e. A source set would only note one
 * goroutine that can start v and let the search find the rest, which can start
 * runs that a sleep set then cuts. The wakeup tree of a node keeps the whole
 * sequences instead: the search follows one of them from its node to the end
 * before choosing freely, and so never runs into a sleep set.
 *
 * Weak initials (the paper's WI[E](w)): goroutine p can start a run equivalent
 * to one that starts with w when its first event in w has no predecessor in w,
 * or when it has no event in w and its next step is independent of every event
 * of w. Insertion (the paper's insert[E](v, wut)): go down the tree, at each
 * level into the first child (in exploration order) whose goroutine is a weak
 * initial of what is left of v, removing that goroutine's event from v when it
 * has one. Reaching a leaf, or using v up, means an existing path already
 * starts a run equivalent to v: nothing to add. Otherwise what is left of v
 * becomes a new branch, the last child of the node reached.
 *
 * Invariants: children are in exploration order (the paper's ≺, earliest
 * inserted first); every goroutine appears at most once among a node's
 * children; a tree is owned by one node of the search, so insertion may change
 * it in place ({@link copyWakeup} before sharing one).
 */
import { independent, type Footprint } from '../../trace/footprint.ts';
import type { HappensBefore } from './happens-before.ts';

/**
 * A node of a wakeup tree: the step of goroutine `g` and what follows it.
 *
 * @example
 * ```ts
 * const leaf: WakeupNode = { g: 3, fp: new Map([[7, true]]), children: [] };
 * ```
 */
export interface WakeupNode {
  readonly g: number;
  /** The step's footprint as recorded; undefined when not known (taken as dependent on everything). */
  readonly fp: Footprint | undefined;
  readonly children: WakeupNode[];
}

/**
 * One event of a wakeup sequence, with what is needed to order it against the
 * sequence's other events: its happens-before clock in the run it came from.
 *
 * @example
 * ```ts
 * const v = wakeupSequence(hb, race.i, race.j, steps.length); // v[v.length - 1].g === events[race.j].g
 * ```
 */
export interface WakeupEvent {
  readonly g: number;
  readonly fp: Footprint | undefined;
  readonly tid: number;
  readonly local: number;
  readonly clock: Int32Array;
}

/**
 * The wakeup sequence notdep(i).j of the race between events `i` and `j`.
 * `real` is the number of executed steps: events from it on are virtual (a
 * goroutine still runnable at the end, see happens-before.ts); `j` may be one,
 * and its footprint is then unknown (its real step was never run).
 *
 * @example
 * ```ts
 * for (const { i, j } of hb.races()) insertWakeup(node.wut, wakeupSequence(hb, i, j, steps.length));
 * ```
 */
export function wakeupSequence(hb: HappensBefore, i: number, j: number, real: number): WakeupEvent[] {
  const out: WakeupEvent[] = [];
  const push = (k: number): void => {
    const e = hb.events[k]!;
    out.push({ g: e.g, fp: k < real ? e.fp : undefined, tid: hb.tid(e.g), local: e.local, clock: hb.clockOf(k) });
  };
  const stop = Math.min(j, real);
  for (let k = i + 1; k < stop; k++) if (!hb.before(i, k)) push(k);
  push(j);
  return out;
}

/** Independent, with an unknown footprint dependent on everything. */
function commute(a: Footprint | undefined, b: Footprint | undefined): boolean {
  return a !== undefined && b !== undefined && independent(a, b);
}

/**
 * Where goroutine `g`, whose next step has footprint `fp`, stands as a weak
 * initial of `v`: the index of its first event in `v` when that event has no
 * predecessor in `v`; `v.length` when it has no event in `v` and its step is
 * independent of all of `v`; -1 when it is not a weak initial.
 */
function weakInitial(v: readonly WakeupEvent[], g: number, fp: Footprint | undefined): number {
  for (let m = 0; m < v.length; m++) {
    const e = v[m]!;
    if (e.g !== g) continue;
    for (let x = 0; x < m; x++) {
      const p = v[x]!;
      if (e.clock[p.tid]! > p.local) return -1;
    }
    return m;
  }
  for (const e of v) if (!commute(fp, e.fp)) return -1;
  return v.length;
}

/**
 * True when some goroutine of `sleep` (goroutine to the footprint of its next
 * step) is a weak initial of `v`: a run equivalent to one starting with `v` was
 * explored already (the paper's test sleep(E') ∩ WI[E'](v) ≠ ∅).
 *
 * @example
 * ```ts
 * if (!sleepCovers(sleepAt(node), v)) insertWakeup(node.wut, v);
 * ```
 */
export function sleepCovers(sleep: Iterable<readonly [number, Footprint | undefined]>, v: readonly WakeupEvent[]): boolean {
  for (const [g, fp] of sleep) if (weakInitial(v, g, fp) >= 0) return true;
  return false;
}

/**
 * Inserts the wakeup sequence `v` into the tree whose root's children are
 * `tree` (see the file comment). Returns true when it added a branch, false
 * when an existing path already covers `v`.
 *
 * @example
 * ```ts
 * insertWakeup(node.wut, v); // node.wut[node.wut.length - 1].g === v[0].g when added at the root
 * ```
 */
export function insertWakeup(tree: WakeupNode[], v: readonly WakeupEvent[]): boolean {
  let level = tree;
  let rest = v;
  while (rest.length > 0) {
    let next: WakeupNode | undefined;
    for (const child of level) {
      const m = weakInitial(rest, child.g, child.fp);
      if (m < 0) continue;
      next = child;
      if (m < rest.length) rest = [...rest.slice(0, m), ...rest.slice(m + 1)];
      break;
    }
    if (next === undefined) break;
    // A leaf: the run that follows it goes on freely from there, and its own races
    // reverse what v needs (the paper: "if v is a leaf, wut is unchanged").
    if (next.children.length === 0) return false;
    level = next.children;
  }
  if (rest.length === 0) return false;
  let branch: WakeupNode[] = level;
  for (const e of rest) {
    const node: WakeupNode = { g: e.g, fp: e.fp, children: [] };
    branch.push(node);
    branch = node.children;
  }
  return true;
}

/**
 * A deep copy of a wakeup tree (the children of its root).
 *
 * @example
 * ```ts
 * const guide = copyWakeup(node.guide);
 * ```
 */
export function copyWakeup(tree: readonly WakeupNode[]): WakeupNode[] {
  return tree.map((n) => ({ g: n.g, fp: n.fp, children: copyWakeup(n.children) }));
}
