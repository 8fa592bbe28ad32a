/**
 * Channel cycles on the real runtime: reported the moment core proves the cycle's
 * members stuck (nothing that can still run reaches their channels), while main
 * still runs; not reported when a goroutine outside the cycle still holds a
 * channel of it and breaks the cycle.
 */
import { describe, expect, it } from 'vitest';
import { chan, go, gosched, run, sleep, type Chan } from '@interleave/core';
import { deadlockDetector } from '../src/index.ts';

/** Two rounds of ping-pong, then each waits for the other: a channel cycle. */
function pair(a: Chan<number>, b: Chan<number>): void {
  go(async () => {
    await a.send(1);
    await b.recv();
    await b.recv(); // waits for right, which waits for left
  }, 'left');
  go(async () => {
    await a.recv();
    await b.send(2);
    await a.recv();
  }, 'right');
}

describe('channel cycles on the runtime', () => {
  it('reports the cycle as a partial deadlock while main still runs', async () => {
    let mainDone = 0;
    const r = await run(
      async () => {
        pair(chan<number>(), chan<number>()); // nobody else holds the channels
        for (let i = 0; i < 10; i++) await sleep(1);
        mainDone++;
      },
      { seed: 1, monitors: [deadlockDetector] },
    );
    expect(mainDone).toBe(0);
    expect(r.findings).toHaveLength(1);
    const [f] = r.findings;
    expect(f?.message).toBe('partial deadlock: 2 goroutines are asleep forever: goroutine 2 "left" [chan receive], goroutine 3 "right" [chan receive]');
    expect(f?.text).toContain('fatal error: some goroutines are asleep - deadlock! (partial: goroutine 1 can still run)');
    expect(f?.text).toContain('DEADLOCK: goroutines wait for each other in a cycle');
    expect(f?.goroutines).toEqual([2, 3]);
  });

  it('reports nothing when main still holds a channel and breaks the cycle', async () => {
    const r = await run(
      async () => {
        const a = chan<number>();
        const b = chan<number>();
        pair(a, b);
        for (let i = 0; i < 5; i++) await gosched();
        await sleep(1);
        await b.send(3); // left takes it and returns; right still waits on a
        await a.send(4);
      },
      { seed: 1, monitors: [deadlockDetector] },
    );
    expect(r.findings).toEqual([]);
  });
});
