/**
 * The decision tree of the exhaustive strategy: the current path from the root,
 * one node per decision of the run, in decision order. Stateless model checking
 * re-runs the program from the start for every schedule, replaying the path's
 * choices up to the branch node and extending the path beyond it.
 *
 * Invariants:
 * - `path[k]` is the node of decision `k` of every run that shares the prefix
 *   `path[0..k]`.
 * - `done ⊆ backtrack` for goroutine nodes; `chosen ∈ done`; `chosenIndex` is
 *   the index of `chosen` in `runnable` (goroutine nodes) or `chosen` itself.
 * - For goroutine nodes `backtrack` and `done` hold goroutine ids from
 *   `runnable`; for other nodes they hold option indexes.
 */
import type { DecisionKind } from '../../core.ts';
import type { Footprint } from '../../trace/footprint.ts';
import type { WakeupNode } from './wakeup-tree.ts';

/**
 * One decision point of the current path.
 *
 * @example
 * ```ts
 * const todo = pending(path[k], undefined, true); // choices left at node k
 * ```
 */
export interface Node {
  readonly kind: DecisionKind;
  readonly options: number;
  /** Runnable goroutine ids (goroutine nodes), in the order the decision listed them. */
  readonly runnable: readonly number[];
  readonly current: number;
  readonly currentRunnable: boolean;
  /** Preemptions taken on the path before this node. */
  readonly preemptions: number;
  /** Sleep set on entry: goroutines whose exploration from here is redundant, with their next step's footprint. */
  readonly sleep: ReadonlyMap<number, Footprint>;
  /** The choice the current path takes. */
  chosen: number;
  /** Its index among the decision's options (`runnable.indexOf(chosen)` for goroutine nodes). */
  chosenIndex: number;
  readonly backtrack: Set<number>;
  readonly done: Set<number>;
  /** Footprint of the first step of each explored choice (union over its subtree's runs). */
  readonly childFp: Map<number, Footprint>;
  /** Index of the step this node's choice starts (goroutine) or belongs to (others). */
  step: number;
  /**
   * Optimal search (sleep sets on): the wakeup tree of the choices not explored
   * yet, in exploration order (./wakeup-tree.ts). `chosen` and `done` are not in it.
   */
  readonly wut: WakeupNode[];
  /** A decision that is not a goroutine's: the wakeup tree that each of its options follows after it. */
  readonly guide: readonly WakeupNode[] | undefined;
}

/**
 * True when choosing `choice` at `node` preempts a goroutine that could go on.
 *
 * @example
 * ```ts
 * isPreemption(node, node.current); // false
 * ```
 */
export function isPreemption(node: Node, choice: number): boolean {
  return node.kind === 'goroutine' && node.currentRunnable && choice !== node.current;
}

/**
 * The choices still to explore at `node`, in exploration order.
 *
 * @example
 * ```ts
 * pending(node, undefined, true)[0]; // next goroutine to try from here
 * ```
 */
export function pending(node: Node, maxPreemptions: number | undefined, useSleep: boolean): number[] {
  const out: number[] = [];
  if (node.kind !== 'goroutine') {
    for (let k = 0; k < node.options; k++) if (!node.done.has(k)) out.push(k);
    return out;
  }
  for (const g of [...node.backtrack].sort((a, b) => a - b)) {
    if (node.done.has(g)) continue;
    if (useSleep && node.sleep.has(g)) continue;
    if (maxPreemptions !== undefined && node.preemptions + (isPreemption(node, g) ? 1 : 0) > maxPreemptions) continue;
    out.push(g);
  }
  return out;
}
