/**
 * Mutual exclusion of Mutex and RWMutex.
 *
 * Reference model: plain JS counters of the goroutines inside the critical
 * section, updated on entry and exit, with `gosched()` calls inside so that the
 * scheduler has every chance to let another goroutine in. Mutex: never more
 * than one holder, and a read-yield-write counter loses no update. RWMutex:
 * a writer is alone, readers never overlap a writer; readers do share (a reader
 * holding the lock never keeps another reader out). `tryLock`/`tryRLock` succeed
 * only when the model says the lock is free, as in Go.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mutex, RWMutex, WaitGroup, go, sleep } from '@interleave/core';
import { check, params, runOk, seedArb, yieldTimes } from './harness.ts';

interface Worker {
  /** Critical sections this goroutine runs. */
  rounds: number;
  /** gosched() calls inside each critical section. */
  yields: number;
  /** Take the lock with tryLock in a loop (yielding between attempts) instead of lock. */
  useTry: boolean;
}

const workerArb: fc.Arbitrary<Worker> = fc.record({
  rounds: fc.integer({ min: 1, max: 3 }),
  yields: fc.integer({ min: 0, max: 2 }),
  useTry: fc.boolean(),
});

describe('Mutex (property)', () => {
  it('never admits two holders and loses no update', async () => {
    let refusals = 0; // coverage: tryLock must have met a held mutex in some run
    await fc.assert(
      fc.asyncProperty(fc.array(workerArb, { minLength: 2, maxLength: 5 }), seedArb, async (workers, seed) => {
        let total = -1;
        const program = async (): Promise<void> => {
          const mu = new Mutex();
          const wg = new WaitGroup();
          let holders = 0;
          let counter = 0;
          workers.forEach((w, g) => {
            wg.add(1);
            go(async () => {
              for (let r = 0; r < w.rounds; r++) {
                if (w.useTry) {
                  while (!mu.tryLock()) {
                    refusals++;
                    await yieldTimes(1);
                  }
                } else {
                  await mu.lock();
                }
                holders++;
                check(holders === 1, `${holders} goroutines hold the mutex`);
                const read = counter;
                await yieldTimes(w.yields);
                counter = read + 1;
                holders--;
                mu.unlock();
              }
              wg.done();
            }, `worker-${g}`);
          });
          await wg.wait();
          total = counter;
        };
        await runOk(program, { seed });
        expect(total).toBe(workers.reduce((n, w) => n + w.rounds, 0));
      }),
      params(),
    );
    expect(refusals).toBeGreaterThan(0);
  });
});

type Role = 'reader' | 'writer';

describe('RWMutex (property)', () => {
  it('writers are exclusive, readers never overlap a writer', async () => {
    const roleArb = fc.record({ role: fc.constantFrom<Role>('reader', 'writer'), worker: workerArb });
    let maxReaders = 0; // coverage: readers must have overlapped in some run
    await fc.assert(
      fc.asyncProperty(fc.array(roleArb, { minLength: 2, maxLength: 5 }), seedArb, async (actors, seed) => {
        const program = async (): Promise<void> => {
          const rw = new RWMutex();
          const wg = new WaitGroup();
          let readers = 0;
          let writers = 0;
          actors.forEach(({ role, worker: w }, g) => {
            wg.add(1);
            go(async () => {
              for (let r = 0; r < w.rounds; r++) {
                if (role === 'writer') {
                  if (w.useTry) while (!rw.tryLock()) await yieldTimes(1);
                  else await rw.lock();
                  writers++;
                  check(writers === 1 && readers === 0, `writer entered with ${writers} writers, ${readers} readers`);
                  await yieldTimes(w.yields);
                  writers--;
                  rw.unlock();
                } else {
                  if (w.useTry) while (!rw.tryRLock()) await yieldTimes(1);
                  else await rw.rLock();
                  readers++;
                  maxReaders = Math.max(maxReaders, readers);
                  check(writers === 0, `reader entered with ${writers} writers`);
                  await yieldTimes(w.yields);
                  readers--;
                  rw.rUnlock();
                }
              }
              wg.done();
            }, `${role}-${g}`);
          });
          await wg.wait();
        };
        await runOk(program, { seed });
      }),
      params(),
    );
    expect(maxReaders).toBeGreaterThan(1);
  });

  it('readers share: main holds a read lock while other readers come and go', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), seedArb, async (n, seed) => {
        const program = async (): Promise<void> => {
          const rw = new RWMutex();
          await rw.rLock();
          check(!rw.tryLock(), 'tryLock succeeded while a reader holds the lock');
          const wg = new WaitGroup();
          for (let g = 0; g < n; g++) {
            wg.add(1);
            go(async () => {
              await rw.rLock();
              await yieldTimes(1);
              rw.rUnlock();
              wg.done();
            }, `reader-${g}`);
          }
          await wg.wait(); // a deadlock here means readers excluded each other
          rw.rUnlock();
          check(rw.tryLock(), 'tryLock failed on a free RWMutex');
          check(!rw.tryRLock(), 'tryRLock succeeded while a writer holds the lock');
          rw.unlock();
        };
        await runOk(program, { seed });
      }),
      params(100),
    );
  });

  it('a pending writer keeps new readers out (Go: TryRLock fails once Lock waits)', async () => {
    await fc.assert(
      fc.asyncProperty(seedArb, async (seed) => {
        const program = async (): Promise<void> => {
          const rw = new RWMutex();
          await rw.rLock();
          let wrote = false;
          const done = new WaitGroup();
          done.add(1);
          go(async () => {
            await rw.lock();
            wrote = true;
            rw.unlock();
            done.done();
          }, 'writer');
          await sleep(1); // virtual time advances only once the writer is parked in lock()
          check(!wrote, 'writer got the lock while a reader held it');
          check(!rw.tryRLock(), 'tryRLock succeeded while a writer was waiting');
          rw.rUnlock();
          await done.wait();
          check(wrote, 'writer never ran');
        };
        await runOk(program, { seed });
      }),
      params(50),
    );
  });
});
