import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RunQueue } from '../src/runtime/run-queue.ts';
import { G, START } from '../src/runtime/goroutine.ts';

describe('RunQueue', () => {
  it('behaves as a sorted set through the switch from array to Fenwick tree', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 3000 })), { maxLength: 400 }), (ops) => {
        const table: G[] = [];
        const q = new RunQueue(table);
        const model = new Set<number>();
        for (const [add, id] of ops) {
          const g = (table[id] ??= new G(id, undefined, 0, START, () => {}));
          if (add) {
            q.add(g);
            model.add(id);
          } else {
            q.remove(g);
            model.delete(id);
          }
          const sorted = [...model].sort((a, b) => a - b);
          expect(q.size).toBe(sorted.length);
          expect(q.toArray().map((x) => x.id)).toEqual(sorted);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
