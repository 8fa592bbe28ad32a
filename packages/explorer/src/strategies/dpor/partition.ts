/**
 * The static partition that splits an exhaustive search over machines (parallel
 * stateless model checking: the first decisions are searched alike by every
 * machine, the subtrees below them are dealt out).
 *
 * - The first `depth` decisions of a run are its prefix. At those decisions the
 *   search branches on every runnable goroutine (a superset of any source set)
 *   that is not asleep, with sleep sets (Godefroid) learned from the first run of
 *   each choice, which every shard runs: so every shard walks the same prefixes,
 *   in one fixed depth-first order that depends only on the program.
 * - Prefixes are ranked 0, 1, 2, ... in that order; shard `index` of `count` owns
 *   the prefixes with `rank % count === index - 1` and runs the reduced search
 *   below them (the optimal reduction, wakeup trees, from the sleep set the
 *   prefix ends with). A race whose reversal lies in the prefix needs nothing more: the prefix
 *   levels branch on every goroutine already. So the union of the shards' subtrees
 *   is the one-machine search with sleep sets only above the split depth: it
 *   covers every Mazurkiewicz trace one machine covers.
 * - A shard runs the first run of every prefix (for the prefixes it does not own,
 *   a discovery run: it learns the next decisions and footprints, and keeps no
 *   node below the depth).
 * - `depth` is chosen after the first run, the same on every shard (the first
 *   run is): the fewest decisions whose options multiply to at least
 *   `PREFIXES_PER_SHARD * count` along that run (the whole run when it has fewer).
 *   It changes the balance between shards, never what their union covers.
 *
 * Invariant: `rank` is the number of prefixes met so far in the fixed order; the
 * current prefix has rank `rank - 1`.
 */
import type { ScheduleShard } from '../../types.ts';
import type { Node } from './tree.ts';

/** Prefixes aimed at per shard, so that unequal subtrees even out. */
export const PREFIXES_PER_SHARD = 4;

/**
 * Which prefixes of the search tree one shard owns.
 *
 * @example
 * ```ts
 * const part = new PrefixPartition({ index: 2, count: 3 });
 * part.chooseDepth(path);   // after the first run
 * part.owns(part.meet());   // rank 1 is shard 2's
 * ```
 */
export class PrefixPartition {
  /** Decisions 0..depth-1 form the prefix; undefined until the first run is in. */
  depth: number | undefined;
  private rank = 0;

  constructor(readonly shard: ScheduleShard) {}

  /** The split depth for the tree whose first run took `path` (see the file comment). */
  chooseDepth(path: readonly Node[]): number {
    const want = PREFIXES_PER_SHARD * this.shard.count;
    let prefixes = 1;
    let depth = 0;
    while (depth < path.length && prefixes < want) prefixes *= branching(path[depth++]!);
    this.depth = depth;
    return depth;
  }

  /** The rank of the next prefix in the fixed order. */
  meet(): number {
    return this.rank++;
  }

  /** Whether this shard runs the subtree of the prefix of rank `rank`. */
  owns(rank: number): boolean {
    return rank % this.shard.count === this.shard.index - 1;
  }

  /** Prefixes met so far (on every shard, the same once the search is over). */
  get prefixes(): number {
    return this.rank;
  }
}

/** How many options a node of the prefix levels branches on. */
function branching(node: Node): number {
  return node.kind === 'goroutine' ? Math.max(1, node.runnable.length) : Math.max(1, node.options);
}
