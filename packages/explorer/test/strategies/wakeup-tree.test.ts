/**
 * Wakeup-tree insertion (optimal DPOR, Abdulla et al. JACM 2017): a sequence
 * goes in as a new branch unless an existing path starts an equivalent run, a
 * goroutine is a weak initial when its first event has no predecessor in the
 * sequence or when it has no event there and commutes with all of it, and a
 * sleeping weak initial covers the sequence.
 */
import { describe, expect, it } from 'vitest';
import { insertWakeup, sleepCovers, type WakeupEvent, type WakeupNode } from '../../src/strategies/dpor/wakeup-tree.ts';
import { Footprint } from '../../src/trace/footprint.ts';

/** Goroutines 1..3 as threads 0..2; `after`: the events of v (by index) this one happens after. */
function seq(spec: readonly { g: number; key: number; write?: boolean; after?: number[] }[]): WakeupEvent[] {
  const locals = new Map<number, number>();
  const out: WakeupEvent[] = [];
  for (const s of spec) {
    const local = locals.get(s.g) ?? 0;
    locals.set(s.g, local + 1);
    const clock = new Int32Array(3);
    clock[s.g - 1] = local + 1;
    for (const k of s.after ?? []) {
      const p = out[k]!;
      for (let t = 0; t < 3; t++) clock[t] = Math.max(clock[t]!, p.clock[t]!);
    }
    out.push({ g: s.g, fp: new Footprint([[s.key, s.write ?? true]]), tid: s.g - 1, local, clock });
  }
  return out;
}

const shape = (tree: readonly WakeupNode[]): unknown => tree.map((n) => [n.g, shape(n.children)]);

describe('wakeup trees', () => {
  it('a sequence goes into an empty tree as one branch', () => {
    const tree: WakeupNode[] = [];
    expect(insertWakeup(tree, seq([{ g: 2, key: 1 }, { g: 3, key: 1, after: [0] }]))).toBe(true);
    expect(shape(tree)).toEqual([[2, [[3, []]]]]);
  });

  it('a leaf whose goroutine starts the sequence covers it; a goroutine with a predecessor in it does not start it', () => {
    const tree: WakeupNode[] = [{ g: 3, fp: new Footprint([[1, true]]), children: [] }];
    // 3 has no predecessor in v: the leaf covers v.
    expect(insertWakeup(tree, seq([{ g: 2, key: 2 }, { g: 3, key: 1 }]))).toBe(false);
    // 3 happens after 2's event in v: not a weak initial, so v is a new branch after the leaf.
    expect(insertWakeup(tree, seq([{ g: 2, key: 1 }, { g: 3, key: 1, after: [0] }]))).toBe(true);
    expect(shape(tree)).toEqual([[3, []], [2, [[3, []]]]]);
  });

  it('goes down through a goroutine absent from the sequence that commutes with all of it, and adds the rest below', () => {
    const tree: WakeupNode[] = [{ g: 1, fp: new Footprint([[9, true]]), children: [{ g: 2, fp: new Footprint([[5, true]]), children: [] }] }];
    expect(insertWakeup(tree, seq([{ g: 3, key: 1 }, { g: 2, key: 1, after: [0] }]))).toBe(true);
    expect(shape(tree)).toEqual([[1, [[2, []], [3, [[2, []]]]]]]);
    // A child that touches what the sequence touches is no weak initial of it: a new branch at the root.
    const dependent: WakeupNode[] = [{ g: 1, fp: new Footprint([[1, false]]), children: [{ g: 2, fp: undefined, children: [] }] }];
    expect(insertWakeup(dependent, seq([{ g: 3, key: 1 }]))).toBe(true);
    expect(shape(dependent)).toEqual([[1, [[2, []]]], [3, []]]);
  });

  it('a sleeping weak initial covers a sequence; a sleeping goroutine that conflicts with it does not', () => {
    const v = seq([{ g: 2, key: 1 }, { g: 3, key: 1, after: [0] }]);
    expect(sleepCovers([[2, new Footprint([[1, true]])]], v)).toBe(true);
    expect(sleepCovers([[1, new Footprint([[7, true]])]], v)).toBe(true);
    expect(sleepCovers([[1, new Footprint([[1, false]])]], v)).toBe(false);
    expect(sleepCovers([[3, new Footprint([[1, true]])]], v)).toBe(false);
    // An unknown footprint conflicts with everything.
    expect(sleepCovers([[1, undefined]], v)).toBe(false);
  });
});
