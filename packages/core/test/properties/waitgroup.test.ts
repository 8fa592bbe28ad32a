/**
 * WaitGroup counting: `wait` returns only after every `done`.
 *
 * Reference model: a plain counter of finished workers, incremented just before
 * each `done()`. Every waiter (main and 0..2 extra waiter goroutines) must see
 * the full count when its `wait()` returns, whatever the interleaving; workers
 * are started with `add(1)` + `go`, with one `add(n)` up front, or with
 * `wg.go(fn)`. A WaitGroup with a zero counter does not block.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WaitGroup, go } from '@interleave/core';
import { check, params, runOk, seedArb, yieldTimes } from './harness.ts';

type Start = 'add-each' | 'add-all' | 'wg-go';

const shapeArb = fc.record({
  workers: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 6 }),
  extraWaiters: fc.integer({ min: 0, max: 2 }),
  start: fc.constantFrom<Start>('add-each', 'add-all', 'wg-go'),
});

describe('WaitGroup (property)', () => {
  it('wait returns only after all done', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, seedArb, async ({ workers, extraWaiters, start }, seed) => {
        let sawByMain = -1;
        const program = async (): Promise<void> => {
          const wg = new WaitGroup();
          let finished = 0;
          const body = async (yields: number): Promise<void> => {
            await yieldTimes(yields);
            finished++;
          };
          if (start === 'add-all') wg.add(workers.length);
          workers.forEach((yields, g) => {
            if (start === 'wg-go') {
              wg.go(() => body(yields));
              return;
            }
            if (start === 'add-each') wg.add(1);
            go(async () => {
              await body(yields);
              wg.done();
            }, `worker-${g}`);
          });
          const waiters = new WaitGroup();
          for (let w = 0; w < extraWaiters; w++) {
            waiters.add(1);
            go(async () => {
              await wg.wait();
              check(finished === workers.length, `waiter ${w} woke with ${finished}/${workers.length} done`);
              waiters.done();
            }, `waiter-${w}`);
          }
          await wg.wait();
          sawByMain = finished;
          await waiters.wait();
          await wg.wait(); // a zero counter never blocks
        };
        await runOk(program, { seed });
        expect(sawByMain).toBe(workers.length);
      }),
      params(),
    );
  });
});
