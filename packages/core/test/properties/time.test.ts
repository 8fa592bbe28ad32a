/**
 * Virtual time never goes back, and every sleep ends exactly on time.
 *
 * Reference model: each goroutine's clock is the sum of its sleeps so far (all
 * start at 0, and nothing else advances time). Every goroutine records `now()`
 * after each wake into one shared log, in execution order. Checked: each wake is
 * at exactly start + duration (a negative or zero sleep returns at once, as
 * `time.Sleep` does), the log is globally non-decreasing, and the run ends at
 * the latest wake. `after(ms)` fires at exactly ms after it was created.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WaitGroup, after, go, now, sleep } from '@interleave/core';
import { check, params, runOk, seedArb } from './harness.ts';

const plansArb = fc.array(fc.array(fc.integer({ min: -2, max: 40 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });

describe('virtual time (property)', () => {
  it('sleeps wake exactly at start + duration; now() is monotone', async () => {
    await fc.assert(
      fc.asyncProperty(plansArb, seedArb, async (plans, seed) => {
        const log: { g: number; t: number }[] = [];
        const program = async (): Promise<void> => {
          log.length = 0;
          check(now() === 0, `a run starts at virtual time 0, not ${now()}`);
          const wg = new WaitGroup();
          plans.forEach((durations, g) => {
            wg.add(1);
            go(async () => {
              for (const d of durations) {
                const start = now();
                await sleep(d);
                const t = now();
                check(t === start + Math.max(0, d), `goroutine ${g}: sleep(${d}) from ${start} woke at ${t}`);
                log.push({ g, t });
              }
              wg.done();
            }, `sleeper-${g}`);
          });
          await wg.wait();
        };
        const r = await runOk(program, { seed });

        const ends = plans.map((ds) => ds.reduce((a, d) => a + Math.max(0, d), 0));
        expect(r.virtualTimeMs).toBe(Math.max(...ends));
        for (let k = 1; k < log.length; k++) {
          expect((log[k] as { t: number }).t).toBeGreaterThanOrEqual((log[k - 1] as { t: number }).t);
        }
        plans.forEach((ds, g) => {
          let clock = 0;
          const expected = ds.map((d) => (clock += Math.max(0, d)));
          expect(log.filter((e) => e.g === g).map((e) => e.t)).toEqual(expected);
        });
      }),
      params(),
    );
  });

  it('after(ms) delivers at exactly now + ms', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 5 }), seedArb, async (delays, seed) => {
        const program = async (): Promise<void> => {
          const wg = new WaitGroup();
          delays.forEach((ms, g) => {
            wg.add(1);
            go(async () => {
              const start = now();
              const v = await after(ms).recv();
              check(now() === start + ms, `after(${ms}) from ${start} woke at ${now()}`);
              check(v === start + ms, `after(${ms}) from ${start} delivered ${String(v)}, Go sends the fire time`);
              wg.done();
            }, `timer-${g}`);
          });
          await wg.wait();
        };
        const r = await runOk(program, { seed });
        expect(r.virtualTimeMs).toBe(Math.max(...delays));
      }),
      params(150),
    );
  });
});
