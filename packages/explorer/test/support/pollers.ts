/**
 * Deadlocks behind polling loops whose failing schedules have preemptions to
 * shrink (shrink-pollers.test.ts, `pnpm bench shrink-poller`).
 */
import { Atomic, chan, go, gosched, otherwise, recv, select, type Program } from '@interleave/core';

/** Workers hand results over; main polls with a select-otherwise loop for a result nobody sends. */
export const selectPollerBehindWorkers: Program = async () => {
  const results = chan<number>();
  const never = chan<number>();
  const done = new Atomic(0);
  for (let w = 0; w < 3; w++) {
    go(async () => {
      await done.add(1);
      await never.recv();
    }, `worker ${w}`);
  }
  for (;;) {
    const got = await select(recv(results, () => true), otherwise(() => false));
    if (got) return;
    await gosched();
  }
};

/**
 * spin-wait-on-stuck-worker with company: two workers take turns on a mutex-free
 * counter before the poller's setter blocks, so a random schedule has preemptions to shrink.
 */
export const spinWaitBehindBusyWorkers: Program = async () => {
  const jobs = chan<number>();
  const done = new Atomic(false);
  const turns = new Atomic(0);
  for (let w = 0; w < 2; w++) {
    go(async () => {
      for (let i = 0; i < 5; i++) await turns.add(1);
    }, `busy ${w}`);
  }
  go(async () => {
    await jobs.recv();
    await done.store(true);
  }, 'worker');
  while (!(await done.load())) await gosched();
};
