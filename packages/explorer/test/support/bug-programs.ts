/**
 * Bugs that take a search a while to reach, for the portfolio's budget test and
 * the table in docs/explorer.md: each fails in few schedules of a large space.
 */
import { Mutex, WaitGroup, chan, go, gosched, shared, type Program } from '@interleave/core';

/**
 * `n` goroutines bump a counter twice (read, yield, write), and the program fails
 * only when the last goroutine created is the first to start: depth-first search
 * reaches that late, PCT and random often.
 */
export function lastStartsFirst(n: number): Program {
  return async () => {
    const first = shared(-1, 'first');
    const count = shared(0, 'count');
    const wg = new WaitGroup();
    for (let id = 0; id < n; id++) {
      wg.go(async () => {
        if (first.value === -1) first.value = id;
        for (let k = 0; k < 2; k++) {
          const v = count.value;
          await gosched();
          count.value = v + 1;
        }
      }, `g${id}`);
    }
    await wg.wait();
    if (first.value === n - 1) throw new Error('the last goroutine started first');
  };
}

/**
 * Dining philosophers, each taking the left fork, yielding, then the right one:
 * all `n` deadlock only when each takes its left fork before any takes its right.
 */
export function philosophers(n: number): Program {
  return async () => {
    const forks = Array.from({ length: n }, (_, i) => new Mutex(`fork${i}`));
    const wg = new WaitGroup();
    for (let i = 0; i < n; i++) {
      const left = forks[i]!;
      const right = forks[(i + 1) % n]!;
      wg.go(async () => {
        await gosched();
        await left.lock();
        await gosched();
        await right.lock();
        right.unlock();
        left.unlock();
      }, `philosopher${i}`);
    }
    await wg.wait();
  };
}

/**
 * Three workers each yield three times and then report on an unbuffered channel;
 * main takes the first report only and returns, leaking the others, unless the
 * workers finished in creation order (then main waits for all of them).
 */
export function reportInOrder(): Program {
  return async () => {
    const done = chan<number>();
    const order: number[] = [];
    for (let id = 0; id < 3; id++) {
      go(async () => {
        for (let k = 0; k < 3; k++) await gosched();
        order.push(id);
        await done.send(id);
      }, `worker${id}`);
    }
    const first = await done.recv();
    if (first === 0) for (let k = 0; k < 2; k++) await done.recv();
    if (order.length === 0) throw new Error('unreachable');
  };
}
