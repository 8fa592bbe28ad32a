/**
 * Programs that block on `select`, `Once`, `Semaphore` and `RWMutex` and are
 * woken by the operation that completes them, written as users write them: main
 * joins with a WaitGroup or a channel, state lives in plain object fields (only
 * touched inside the primitive's protection or before the join) and in
 * `shared`. Used by dpor-wakes.test.ts (runs before/after the clean-wake rule)
 * and by the docs' figures.
 */
import { Once, RWMutex, Semaphore, WaitGroup, chan, go, gosched, recv, select, shared, type Program } from '@interleave/core';

/**
 * `n` workers each send one result on their own channel; main collects them
 * with a `select` over the channels still open (a fan-in, as Go code writes it).
 *
 * @example
 * ```ts
 * await explore(selectFanIn(3), { strategy: 'exhaustive', sharedState: 'objects' });
 * ```
 */
export function selectFanIn(n: number): Program {
  return async () => {
    const results = Array.from({ length: n }, () => chan<number>());
    const total = { sum: 0 };
    results.forEach((c, i) => go(async () => {
      await gosched();
      await c.send(i + 1);
    }));
    const open = new Set(results);
    while (open.size > 0) {
      const cases = [...open].map((c) => recv(c, (v) => {
        total.sum += v ?? 0;
        open.delete(c);
      }));
      await select(...cases);
    }
    if (total.sum !== (n * (n + 1)) / 2) throw new Error(`sum ${total.sum}`);
  };
}

/**
 * `n` goroutines load one config through a `Once` whose function waits on a
 * channel the loader fills; joined by a WaitGroup.
 *
 * @example
 * ```ts
 * await explore(onceLoad(3), { strategy: 'exhaustive', sharedState: 'objects' });
 * ```
 */
export function onceLoad(n: number): Program {
  return async () => {
    const once = new Once('config');
    const source = chan<string>(1);
    const config = { value: '' };
    const loads = shared(0, 'loads');
    const wg = new WaitGroup();
    for (let i = 0; i < n; i++) {
      wg.go(async () => {
        await once.do(async () => {
          config.value = await source.recv() ?? '';
          loads.value++;
        });
        if (config.value !== 'cfg') throw new Error(`worker ${i} saw config "${config.value}"`);
      });
    }
    await source.send('cfg');
    await wg.wait();
    if (loads.value !== 1) throw new Error(`loaded ${loads.value} times`);
  };
}

/**
 * `n` workers share a Semaphore of `size` slots around a job that yields once;
 * the slot count is checked in plain fields; joined by a WaitGroup.
 *
 * @example
 * ```ts
 * await explore(semaphoreLimit(3, 1), { strategy: 'exhaustive', sharedState: 'objects' });
 * ```
 */
export function semaphoreLimit(n: number, size: number): Program {
  return async () => {
    const sem = new Semaphore(size, 'slots');
    const wg = new WaitGroup();
    const slots = { busy: 0, done: 0 };
    for (let i = 0; i < n; i++) {
      wg.go(async () => {
        await sem.acquire();
        slots.busy++;
        if (slots.busy > size) throw new Error(`${slots.busy} busy slots`);
        await gosched();
        slots.busy--;
        slots.done++;
        sem.release();
      });
    }
    await wg.wait();
    if (slots.done !== n) throw new Error(`${slots.done} jobs done`);
  };
}

/**
 * `readers` goroutines read a cache (plain fields) under `rLock`, `writers`
 * update it under `lock`; joined by a WaitGroup.
 *
 * @example
 * ```ts
 * await explore(rwCache(2, 1), { strategy: 'exhaustive', sharedState: 'objects' });
 * ```
 */
export function rwCache(readers: number, writers: number): Program {
  return async () => {
    const rw = new RWMutex('cache');
    const cache = { version: 0, entries: new Map<string, number>() };
    const wg = new WaitGroup();
    for (let i = 0; i < writers; i++) {
      wg.go(async () => {
        await rw.lock();
        cache.version++;
        cache.entries.set('k', cache.version);
        await gosched();
        rw.unlock();
      });
    }
    for (let i = 0; i < readers; i++) {
      wg.go(async () => {
        await rw.rLock();
        const v = cache.entries.get('k') ?? 0;
        if (v !== cache.version) throw new Error(`reader ${i} saw ${v} at version ${cache.version}`);
        await gosched();
        rw.rUnlock();
      });
    }
    await wg.wait();
  };
}
