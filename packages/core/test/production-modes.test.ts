/**
 * One source, two modes: the same program function runs in production mode (called
 * directly, on the real clock) and under `run()` (virtual time, deterministic) with the
 * same result; objects stay in the mode that created them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  Atomic, chan, context, ErrGroup, Mutex, recv, run, select, send, shared, sleep, Timer, WaitGroup, go, type Context,
} from '@interleave/core';
import { parkedCount } from '../src/runtime/production.ts';

afterEach(async () => {
  await sleep(5);
  expect(parkedCount()).toBe(0);
});

interface Outcome {
  sum: number;
  processed: number;
  error: string | undefined;
  timedOut: boolean;
}

/**
 * A worker pool fed through a buffered channel, results summed by main, then an
 * ErrGroup whose slow member outlives the context's timeout.
 */
async function pool(): Promise<Outcome> {
  const [ctx, cancel] = context.withTimeout(context.background(), 40);
  try {
    const jobs = chan<number>(4, 'jobs');
    const results = chan<number>(0, 'results');
    const processed = new Atomic(0);
    const mu = new Mutex();
    const seen = shared(new Set<number>(), 'seen');
    const wg = new WaitGroup();
    for (let w = 0; w < 3; w++) {
      wg.go(async () => {
        for await (const j of jobs) {
          await sleep(1);
          await mu.lock();
          seen.value.add(j);
          mu.unlock();
          await processed.add(1);
          await results.send(j * j);
        }
      });
    }
    go(async () => {
      for (let i = 1; i <= 10; i++) await jobs.send(i);
      jobs.close();
    });
    go(async () => {
      await wg.wait();
      results.close();
    });
    let sum = 0;
    for await (const r of results) sum += r;

    const [g, gctx] = ErrGroup.withContext(ctx);
    g.setLimit(2);
    g.go(async () => {
      await sleep(1);
    });
    g.go(() => slowUntilDone(gctx));
    const err = await g.wait();
    return { sum, processed: await processed.load(), error: err instanceof Error ? err.message : undefined, timedOut: ctx.err() === context.DeadlineExceeded };
  } finally {
    cancel();
  }
}

/** Waits for work that never comes, until the context ends it; returns the context's error. */
async function slowUntilDone(ctx: Context): Promise<Error | undefined> {
  const never = chan<number>();
  return select(recv(never, () => undefined), recv(ctx.done(), () => ctx.err()));
}

describe('the same program in production and under run()', () => {
  const expected: Outcome = { sum: 385, processed: 10, error: 'context deadline exceeded', timedOut: true };

  it('gives the same result both ways', async () => {
    const inProduction = await pool();
    let underRun: Outcome | undefined;
    const r = await run(async () => {
      underRun = await pool();
    }, { seed: 3 });
    expect(r.findings).toEqual([]);
    expect(inProduction).toEqual(expected);
    expect(underRun).toEqual(expected);
    // Under run() the timeout is virtual: 40 ms of virtual time, not of the wall clock.
    expect(r.virtualTimeMs).toBeGreaterThanOrEqual(40);
  });

  it('under run() it is deterministic: the same seed gives the same schedule', async () => {
    const a = await run(async () => void (await pool()), { seed: 11 });
    const b = await run(async () => void (await pool()), { seed: 11 });
    expect(a.ok).toBe(true);
    expect(b.schedule).toBe(a.schedule);
  });
});

describe('objects stay in the mode that created them', () => {
  /** The message of the one finding of a run of `body`. */
  async function findingOf(body: () => unknown): Promise<string> {
    const r = await run(async () => {
      await body();
    });
    expect(r.ok).toBe(false);
    return r.findings[0]!.message;
  }

  it('a production object used inside a run is a clear usage error naming its kind', async () => {
    const ch = chan<number>(1);
    const mu = new Mutex();
    const wg = new WaitGroup();
    const box = shared(0);
    const timer = new Timer(10_000);
    const [ctx, cancel] = context.withCancel(context.background());
    const group = new ErrGroup();
    const pattern = (kind: string): RegExp => new RegExp(`UsageError: interleave: ${kind} created outside run\\(\\) used inside a run: create every object inside the program`);
    expect(await findingOf(() => ch.send(1))).toMatch(pattern('chan'));
    expect(await findingOf(() => ch.close())).toMatch(pattern('chan'));
    expect(await findingOf(() => mu.lock())).toMatch(pattern('Mutex'));
    expect(await findingOf(() => mu.tryLock())).toMatch(pattern('Mutex'));
    expect(await findingOf(() => wg.add(1))).toMatch(pattern('WaitGroup'));
    expect(await findingOf(() => box.value)).toMatch(pattern('shared'));
    expect(await findingOf(() => timer.stop())).toMatch(pattern('Timer'));
    expect(await findingOf(() => context.withCancel(ctx))).toMatch(pattern('context'));
    expect(await findingOf(() => select(recv(ctx.done()), send(chan<number>(1), 1)))).toMatch(pattern('context'));
    expect(await findingOf(() => group.go(() => {}))).toMatch(pattern('ErrGroup'));
    // Nothing of that touched the objects: they still work in production.
    expect(timer.stop()).toBe(true);
    cancel();
    await ch.send(1);
    expect(await ch.recv()).toBe(1);
    expect(wg.count).toBe(0);
  });

  it('an object created inside a run keeps its run-bound behaviour after the run', async () => {
    let leaked: ReturnType<typeof chan<number>> | undefined;
    const r = await run(() => {
      leaked = chan<number>();
    });
    expect(r.ok).toBe(true);
    // Its run is over: an operation on it never completes (it does not join production mode).
    const outcome = await Promise.race([leaked!.send(1).then(() => 'sent'), sleep(20).then(() => 'still pending')]);
    expect(outcome).toBe('still pending');
  });
});
