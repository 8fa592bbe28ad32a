/**
 * A worker pool: `workers` goroutines take keys from a jobs channel, look each
 * up in the cache, fetch the misses (through `fetch`, which honours the
 * context) and send the results back. Cancelling the context stops the
 * producer and the workers; every goroutine the pool starts has ended when
 * `run` returns (no leaks), whether it finished or was cancelled.
 */
import { chan, go, recv, select, send, WaitGroup, type Context } from '@interleave/core';
import type { Cache } from './cache.ts';

/** Fetches one key; resolves `undefined` when the context is done first. */
export type Fetch = (ctx: Context, key: string) => Promise<string | undefined>;

export interface PoolOptions {
  workers: number;
  cache: Cache;
  fetch: Fetch;
}

/** The pool's outcome: the values it got and the context's error, if it was cut short. */
export interface PoolResult {
  values: Map<string, string>;
  err: Error | undefined;
}

/**
 * Looks every key up, `workers` at a time.
 *
 * @example
 * ```ts
 * const [ctx, cancel] = context.withTimeout(context.background(), 100);
 * const { values, err } = await runPool(ctx, ['a', 'b'], { workers: 2, cache: new LockedCache(), fetch });
 * cancel();
 * ```
 */
export async function runPool(ctx: Context, keys: readonly string[], opts: PoolOptions): Promise<PoolResult> {
  const jobs = chan<string>();
  const results = chan<[string, string]>();
  const wg = new WaitGroup();

  go(async () => {
    for (const key of keys) {
      const sent = await select(send(jobs, key, () => true), recv(ctx.done(), () => false));
      if (!sent) break;
    }
    jobs.close();
  }, 'producer');

  for (let i = 0; i < opts.workers; i++) {
    wg.go(async () => {
      for await (const key of jobs) {
        const value = await lookup(ctx, key, opts);
        if (value === undefined) return;
        const delivered = await select(send(results, [key, value] as [string, string], () => true), recv(ctx.done(), () => false));
        if (!delivered) return;
      }
    });
  }

  go(async () => {
    await wg.wait();
    results.close();
  }, 'closer');

  const values = new Map<string, string>();
  for await (const [key, value] of results) values.set(key, value);
  return { values, err: ctx.err() };
}

async function lookup(ctx: Context, key: string, opts: PoolOptions): Promise<string | undefined> {
  const cached = await opts.cache.get(key);
  if (cached !== undefined) return cached;
  const value = await opts.fetch(ctx, key);
  if (value !== undefined) await opts.cache.set(key, value);
  return value;
}
