/**
 * Ordinary async code, no goroutines: timers, promises, an EventEmitter. Each bug
 * hides behind Node's own order of callbacks due at the same instant (timers run
 * in the order they were created), so a plain vitest run with real timers passes
 * (plain.spec.ts); interleave explores the other orders Node could take
 * (async.spec.ts). Each bug has its fixed variant, which passes under every order.
 */
import { EventEmitter, once } from 'node:events';
import { Mutex } from 'async-mutex';
import pLimit from 'p-limit';
import { expect } from 'vitest';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A store whose reads and writes take 10 ms; a write lands when it completes. */
class SlowStore {
  private value = 100;
  async get(): Promise<number> {
    await delay(10);
    return this.value;
  }
  async set(v: number): Promise<void> {
    await delay(10);
    this.value = v;
  }
}

/** Two withdrawals, the second starting 10 ms after the first: read, then write back. */
async function withdrawals(serial: boolean): Promise<void> {
  const store = new SlowStore();
  let tail: Promise<void> = Promise.resolve();
  const withdraw = (n: number): Promise<void> => {
    const body = async (): Promise<void> => {
      const balance = await store.get();
      await store.set(balance - n);
    };
    return serial ? (tail = tail.then(body)) : body();
  };
  const first = withdraw(10);
  const second = delay(10).then(() => withdraw(20));
  await Promise.all([first, second]);
  expect(await store.get()).toBe(70);
}

/** A read-through cache: a key in flight is shared; once loaded it is stored, after a write that takes a tick. */
class Cache {
  loads = 0;
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly stored = new Map<string, string>();
  constructor(private readonly fixed: boolean) {}
  get(key: string): Promise<string> {
    const hit = this.stored.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending;
    const load = this.load(key);
    this.inflight.set(key, load);
    return load;
  }
  private async load(key: string): Promise<string> {
    this.loads++;
    await delay(10);
    const v = `value of ${key}`;
    if (this.fixed) this.stored.set(key, v);
    this.inflight.delete(key); // the bug: neither in flight nor stored until the write below
    await delay(1);
    this.stored.set(key, v);
    return v;
  }
}

async function cacheLoadsOnce(fixed: boolean): Promise<void> {
  const cache = new Cache(fixed);
  const later = delay(10).then(() => cache.get('user:1'));
  await cache.get('user:1');
  await later;
  expect(cache.loads).toBe(1);
}

/** One slot; a finished job hands it to the next waiter: at once, in a microtask, or (the bug) in a later callback. */
class Limiter {
  active = 0;
  peak = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly wake: 'at once' | 'microtask' | 'setImmediate') {}
  async run(job: () => Promise<void>): Promise<void> {
    if (this.active >= 1) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.take();
    try {
      await job();
    } finally {
      this.release();
    }
  }
  private take(): void {
    this.active++;
    this.peak = Math.max(this.peak, this.active);
  }
  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) {
      this.active--;
    } else if (this.wake === 'at once') {
      next(); // the slot passes to the waiter
    } else {
      this.active--;
      const handOver = (): void => { this.take(); next(); };
      // The slot is free until handOver runs: safe only if nobody can come in before it.
      if (this.wake === 'microtask') queueMicrotask(handOver);
      else setImmediate(handOver);
    }
  }
}

async function limiterHoldsOneSlot(wake: 'at once' | 'microtask' | 'setImmediate'): Promise<void> {
  const limiter = new Limiter(wake);
  const newcomer = delay(10).then(() => limiter.run(() => delay(5)));
  const first = limiter.run(() => delay(10));
  const second = limiter.run(() => delay(10));
  await Promise.all([first, second, newcomer]);
  expect(limiter.peak).toBe(1);
}

async function listenerHearsReady(fixed: boolean): Promise<void> {
  const emitter = new EventEmitter();
  const setup = delay(10);
  const ready = fixed ? once(emitter, 'ready') : undefined;
  setTimeout(() => emitter.emit('ready'), 10);
  await setup;
  await (ready ?? once(emitter, 'ready'));
}

/** p-limit used correctly: five jobs of different lengths, started at different times, never more than two at once. */
async function pLimitBoundsConcurrency(): Promise<void> {
  const limit = pLimit(2);
  let active = 0;
  let peak = 0;
  const job = async (ms: number): Promise<void> => {
    active++;
    peak = Math.max(peak, active);
    await delay(ms);
    active--;
  };
  const jobs = [10, 5, 10, 5, 1].map((ms, i) => delay(i % 2 === 0 ? 0 : 5).then(() => limit(() => job(ms))));
  await Promise.all(jobs);
  expect(peak).toBeLessThanOrEqual(2);
  expect(active).toBe(0);
}

/** async-mutex used correctly: read-modify-write across an await, under `runExclusive`, loses nothing. */
async function mutexKeepsEveryUpdate(): Promise<void> {
  const mutex = new Mutex();
  const store = new SlowStore();
  const add = (n: number): Promise<void> => mutex.runExclusive(async () => {
    const v = await store.get();
    await store.set(v + n);
  });
  await Promise.all([add(1), delay(10).then(() => add(2)), delay(20).then(() => add(3))]);
  expect(await store.get()).toBe(106);
}

/** Every scenario by test name: the buggy ones first, then what must pass. */
export const scenarios: Readonly<Record<string, () => Promise<void>>> = {
  'lost update across two awaits': () => withdrawals(false),
  'read-through cache loads a key once': () => cacheLoadsOnce(false),
  'limiter hands a freed slot over in a later callback': () => limiterHoldsOneSlot('setImmediate'),
  'a listener attached after setup hears ready': () => listenerHearsReady(false),
  'fixed: withdrawals in a chain': () => withdrawals(true),
  'fixed: cache stores before it forgets the load': () => cacheLoadsOnce(true),
  'fixed: limiter hands the slot over at once': () => limiterHoldsOneSlot('at once'),
  'safe by microtask order: limiter hands the slot over in a microtask': () => limiterHoldsOneSlot('microtask'),
  'fixed: the listener is attached before setup': () => listenerHearsReady(true),
  'p-limit used correctly never runs more than its limit': pLimitBoundsConcurrency,
  'async-mutex used correctly keeps every update': mutexKeepsEveryUpdate,
};
