/**
 * The small programs the explorer benchmarks run: `tasks` goroutines that each
 * reach `yields` scheduling points, joined by a WaitGroup. A module without side
 * effects, so worker threads can import it (`programModule`).
 */
import { WaitGroup, go, gosched, type Program } from '@interleave/core';

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
