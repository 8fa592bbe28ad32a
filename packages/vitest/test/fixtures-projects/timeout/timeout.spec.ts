/**
 * A test whose exploration outlasts its timeout, then one that checks it is
 * alone: vitest aborts the first test's signal when it times out, the
 * exploration stops at once, and its program never runs again while the second
 * test explores (if it did, the second test's program would see the counter
 * move and fail).
 */
import { WaitGroup, gosched } from '@interleave/core';
import { test } from '@interleave/vitest';

let slowRuns = 0;
let seen: number | undefined;

test('explores longer than its timeout', async () => {
  slowRuns++;
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) wg.go(async () => { for (let k = 0; k < 20; k++) await gosched(); });
  await wg.wait();
}, { schedules: 100_000_000, strategy: 'random', timeout: 500 });

test('the next test explores alone', async () => {
  seen ??= slowRuns;
  if (slowRuns !== seen) throw new Error(`the timed-out exploration is still running: its program ran ${slowRuns - seen} more times`);
  const wg = new WaitGroup();
  for (let i = 0; i < 3; i++) wg.go(async () => { for (let k = 0; k < 5; k++) await gosched(); });
  await wg.wait();
}, { schedules: 5000, strategy: 'random' });
