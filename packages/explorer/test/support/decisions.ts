/**
 * Synthetic decisions for driving schedulers without a runtime.
 */
import type { Decision, DecisionKind, GoroutineView } from '../../src/core.ts';

/** A decision over goroutines `ids` (current: `current`). */
export function goroutineDecision(ids: readonly number[], index = 0, current = 0): Decision {
  const runnable: GoroutineView[] = ids.map((id) => ({ id, name: undefined, op: { kind: 'gosched', object: 0 } }));
  return { kind: 'goroutine', options: ids.length, step: index, index, current, runnable };
}

/** A decision of another kind with `options` alternatives. */
export function otherDecision(kind: Exclude<DecisionKind, 'goroutine'>, options: number, index = 0): Decision {
  return { kind, options, step: index, index, current: 0, runnable: [] };
}
