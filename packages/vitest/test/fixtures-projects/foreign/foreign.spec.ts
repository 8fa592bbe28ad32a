/**
 * A worker that awaits a real timer (taken before any run: inside a run
 * `setTimeout` is virtual) inside an interleave test: the run stops
 * with a nondeterminism finding that names the line of that await (the line
 * below marked "the foreign await"), not only the worker's last scheduling point.
 */
import { WaitGroup, chan } from '@interleave/core';
import { test } from '@interleave/vitest';

/** The host's timer, taken before any run (inside a run `setTimeout` is virtual, and a promise its callback settles is followed). */
const realSetTimeout = globalThis.setTimeout;

test('a worker waits on a real timer', async () => {
  const results = chan<number>(1);
  const wg = new WaitGroup();
  wg.go(async () => {
    await results.send(1);
    await new Promise((resolve) => realSetTimeout(resolve, 100)); // the foreign await
  });
  await wg.wait();
});
