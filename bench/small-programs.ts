/**
 * The small programs the explorer benchmarks run: `tasks` goroutines that each
 * reach `yields` scheduling points, joined by a WaitGroup. A module without side
 * effects, so worker threads can import it (`programModule`).
 */
import { WaitGroup, go, gosched, shared, type Program } from '@interleave/core';

/** `tasks` goroutines x `yields` scheduling points each; throws if a task is lost. */
export function yieldingTasks(tasks: number, yields: number): Program {
  return async () => {
    const wg = new WaitGroup();
    let counter = 0;
    for (let t = 0; t < tasks; t++) {
      wg.add(1);
      go(async () => {
        for (let y = 0; y < yields; y++) await gosched();
        counter++;
        wg.done();
      });
    }
    await wg.wait();
    if (counter !== tasks) throw new Error('lost a task');
  };
}

/** The program: two goroutines, three scheduling points each. */
export const twoByThree = yieldingTasks(2, 3);
/** A little larger, for the worker-thread benchmark. */
export const threeByThree = yieldingTasks(3, 3);

/**
 * Issue 14's small program: two goroutines, three `gosched` each, each followed
 * by an increment of a `shared` counter; main joins them with a WaitGroup and
 * checks the count (a correct program: every increment sits between two
 * scheduling points).
 */
export const sharedCounter: Program = async () => {
  const n = shared(0, 'counter');
  const wg = new WaitGroup();
  for (let t = 0; t < 2; t++) {
    wg.go(async () => {
      for (let y = 0; y < 3; y++) {
        await gosched();
        n.value = n.value + 1;
      }
    });
  }
  await wg.wait();
  if (n.value !== 6) throw new Error(`lost an update: ${n.value}`);
};
