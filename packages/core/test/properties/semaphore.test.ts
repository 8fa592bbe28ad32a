/**
 * Weighted Semaphore (golang.org/x/sync/semaphore): the weight held never
 * exceeds the capacity, and `tryAcquire` answers consistently.
 *
 * Reference model: `held`, the weight acquired by goroutines that returned from
 * `acquire`/`tryAcquire` and have not released yet, and `pending`, the number of
 * goroutines inside a blocking `acquire`. Invariants: `held <= capacity` after
 * every acquisition. `tryAcquire(w)` true implies `held + w <= capacity` (held
 * never exceeds the semaphore's own count); false with nobody pending implies
 * `held + w > capacity` (with nobody pending, held equals the semaphore's
 * count; x/sync also refuses while waiters queue, which `pending > 0` covers).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Semaphore, WaitGroup, go } from '@interleave/core';
import { check, params, runOk, seedArb, yieldTimes } from './harness.ts';

interface Worker {
  weight: number;
  rounds: number;
  yields: number;
  useTry: boolean;
}

const shapeArb = fc.integer({ min: 1, max: 5 }).chain((capacity) =>
  fc.record({
    capacity: fc.constant(capacity),
    workers: fc.array(
      fc.record({
        weight: fc.integer({ min: 1, max: capacity }),
        rounds: fc.integer({ min: 1, max: 2 }),
        yields: fc.integer({ min: 0, max: 2 }),
        useTry: fc.boolean(),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  }),
);

describe('Semaphore (property)', () => {
  it('held weight never exceeds capacity; tryAcquire is consistent', async () => {
    const seen = { refused: 0, blocked: 0 }; // coverage: both paths of the model were exercised
    await fc.assert(
      fc.asyncProperty(shapeArb, seedArb, async ({ capacity, workers }, seed) => {
        const program = async (): Promise<void> => {
          const sem = new Semaphore(capacity);
          const wg = new WaitGroup();
          let held = 0;
          let pending = 0;
          const acquire = async (w: Worker): Promise<void> => {
            if (w.useTry) {
              for (;;) {
                const before = held;
                if (sem.tryAcquire(w.weight)) {
                  check(before + w.weight <= capacity, `tryAcquire(${w.weight}) true with ${before}/${capacity} held`);
                  break;
                }
                seen.refused++;
                check(pending > 0 || before + w.weight > capacity,
                  `tryAcquire(${w.weight}) false with ${before}/${capacity} held and no waiter`);
                await yieldTimes(1);
              }
            } else {
              pending++;
              if (pending > 1 || held + w.weight > capacity) seen.blocked++;
              await sem.acquire(w.weight);
              pending--;
            }
            held += w.weight;
            check(held <= capacity, `${held} held > capacity ${capacity}`);
          };
          workers.forEach((w, g) => {
            wg.add(1);
            go(async () => {
              for (let r = 0; r < w.rounds; r++) {
                await acquire(w);
                await yieldTimes(w.yields);
                held -= w.weight;
                sem.release(w.weight);
              }
              wg.done();
            }, `worker-${g}`);
          });
          await wg.wait();
          check(held === 0, 'all weight released');
          check(sem.tryAcquire(capacity), 'a fully released semaphore grants its whole capacity');
          check(!sem.tryAcquire(1), 'a full semaphore refuses more');
          sem.release(capacity);
        };
        await runOk(program, { seed });
      }),
      params(),
    );
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.blocked).toBeGreaterThan(0);
  });
});
