/**
 * Production mode: every primitive used outside `run()`, on the real event loop and
 * the real clock. These tests assert behaviour and lower bounds on time, never upper
 * bounds on wall time. Every test leaves no operation parked (checked after each), so
 * that nothing is left for the all-asleep report when the worker exits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  after, afterFunc, Atomic, chan, Cond, context, ErrGroup, go, gosched, Mutex, now, Once, otherwise, Panic,
  randomInt, recv, RWMutex, select, Semaphore, send, shared, sleep, Ticker, Timer, WaitGroup,
} from '@interleave/core';
import { parkedCount } from '../src/runtime/production.ts';

afterEach(async () => {
  // Goroutines a test woke may still be finishing: let them, then nothing may be left parked.
  await sleep(5);
  expect(parkedCount()).toBe(0);
});

/** Resolves with the panic (or error) `p` rejects with. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('production mode: channels', () => {
  it('an unbuffered send and receive rendezvous: the send completes only once a receiver takes the value', async () => {
    const ch = chan<string>();
    const log: string[] = [];
    go(async () => {
      log.push('send start');
      await ch.send('x');
      log.push('send done');
    });
    await sleep(10);
    expect(log).toEqual(['send start']);
    expect(ch.length).toBe(0);
    log.push('recv start');
    expect(await ch.recv()).toBe('x');
    await sleep(1);
    expect(log).toEqual(['send start', 'recv start', 'send done']);
  });

  it('a receive waits for a sender', async () => {
    const ch = chan<number>();
    const t0 = now();
    go(async () => {
      await sleep(20);
      await ch.send(7);
    });
    expect(await ch.recv()).toBe(7);
    expect(now() - t0).toBeGreaterThanOrEqual(20);
  });

  it('a buffered channel is FIFO and blocks a sender only when full', async () => {
    const ch = chan<number>(3);
    expect(ch.capacity).toBe(3);
    await ch.send(1);
    await ch.send(2);
    await ch.send(3);
    expect(ch.length).toBe(3);
    let fourthSent = false;
    go(async () => {
      await ch.send(4);
      fourthSent = true;
    });
    await sleep(10);
    expect(fourthSent).toBe(false);
    expect(await ch.recv()).toBe(1);
    await sleep(1);
    expect(fourthSent).toBe(true);
    expect([await ch.recv(), await ch.recv(), await ch.recv()]).toEqual([2, 3, 4]);
    expect(ch.length).toBe(0);
  });

  it('close: receivers drain the buffer, then get undefined and ok = false', async () => {
    const ch = chan<number>(2);
    await ch.send(1);
    ch.close();
    expect(await ch.recvOk()).toEqual([1, true]);
    expect(await ch.recvOk()).toEqual([undefined, false]);
    expect(await ch.recv()).toBeUndefined();
  });

  it('close wakes every parked receiver with ok = false', async () => {
    const ch = chan<number>();
    const got: [number | undefined, boolean][] = [];
    const wg = new WaitGroup();
    for (let i = 0; i < 3; i++) wg.go(async () => void got.push(await ch.recvOk()));
    await sleep(5);
    ch.close();
    await wg.wait();
    expect(got).toEqual([[undefined, false], [undefined, false], [undefined, false]]);
  });

  it('send on a closed channel and close of a closed channel panic with Go\'s words', async () => {
    const ch = chan<number>(1);
    ch.close();
    const e = await rejection(ch.send(1));
    expect(e).toBeInstanceOf(Panic);
    expect((e as Panic).message).toBe('send on closed channel');
    expect(() => ch.close()).toThrow(new Panic('close of closed channel'));
    expect(() => chan(-1)).toThrow('makechan: size out of range');
  });

  it('close panics a sender parked on the channel', async () => {
    const ch = chan<number>();
    const failure = rejection(ch.send(1));
    await sleep(5);
    ch.close();
    expect(((await failure) as Panic).message).toBe('send on closed channel');
  });

  it('for await ranges over a channel until it is closed', async () => {
    const ch = chan<number>();
    go(async () => {
      for (let i = 0; i < 5; i++) await ch.send(i);
      ch.close();
    });
    const seen: number[] = [];
    for await (const v of ch) seen.push(v);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('production mode: select', () => {
  it('with several ready cases, picks each of them sometimes (uniformly at random)', async () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    const picks = { a: 0, b: 0 };
    for (let i = 0; i < 200; i++) {
      await a.send(i);
      await b.send(i);
      const which = await select(recv(a, () => 'a' as const), recv(b, () => 'b' as const));
      picks[which]++;
      // Empty the other one for the next trial.
      await (which === 'a' ? b : a).recv();
    }
    expect(picks.a + picks.b).toBe(200);
    expect(picks.a).toBeGreaterThanOrEqual(30);
    expect(picks.b).toBeGreaterThanOrEqual(30);
  });

  it('otherwise is taken when no case is ready, never when one is', async () => {
    const ch = chan<number>(1);
    expect(await select<number | string | undefined>(recv(ch, (v) => v), otherwise(() => 'none'))).toBe('none');
    await ch.send(3);
    expect(await select<number | string | undefined>(recv(ch, (v) => v), otherwise(() => 'none'))).toBe(3);
    expect(await select(send(ch, 4, () => 'sent'), otherwise(() => 'full'))).toBe('sent');
    expect(await select(send(ch, 5, () => 'sent'), otherwise(() => 'full'))).toBe('full');
    expect(await ch.recv()).toBe(4);
  });

  it('parks until a case is ready, and the losing cases are withdrawn', async () => {
    const a = chan<string>();
    const b = chan<string>();
    go(async () => {
      await sleep(10);
      await b.send('from b');
    });
    expect(await select(recv(a, (v) => `a: ${v}`), recv(b, (v) => `b: ${v}`))).toBe('b: from b');
    // The select's waiter on `a` is gone: a sender on `a` now parks until a receiver comes.
    expect(await select(send(a, 'x', () => 'sent'), otherwise(() => 'no receiver'))).toBe('no receiver');
  });

  it('a select case observes a close, and a send case on a closed channel panics', async () => {
    const ch = chan<number>();
    go(async () => {
      await sleep(5);
      ch.close();
    });
    expect(await select(recv(ch, (v, ok) => [v, ok]))).toEqual([undefined, false]);
    const e = await rejection(select(send(ch, 1)));
    expect((e as Panic).message).toBe('send on closed channel');
  });

  it('a timeout case with after()', async () => {
    const never = chan<number>();
    const t0 = now();
    expect(await select(recv(never, () => 'value'), recv(after(20), () => 'timeout'))).toBe('timeout');
    expect(now() - t0).toBeGreaterThanOrEqual(20);
  });
});

describe('production mode: sync', () => {
  it('Mutex: mutual exclusion, tryLock, and the panic of unlocking an unlocked mutex', async () => {
    const mu = new Mutex();
    let inside = 0;
    let most = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 5; i++) {
      wg.go(async () => {
        for (let k = 0; k < 3; k++) {
          await mu.lock();
          inside++;
          most = Math.max(most, inside);
          await sleep(1);
          inside--;
          mu.unlock();
        }
      });
    }
    await wg.wait();
    expect(most).toBe(1);
    expect(mu.tryLock()).toBe(true);
    expect(mu.tryLock()).toBe(false);
    mu.unlock();
    expect(() => mu.unlock()).toThrow(new Panic('sync: unlock of unlocked mutex'));
  });

  it('Mutex: unlock hands the lock to the longest waiter', async () => {
    const mu = new Mutex();
    const order: number[] = [];
    await mu.lock();
    const wg = new WaitGroup();
    for (let i = 0; i < 3; i++) {
      wg.go(async () => {
        await mu.lock();
        order.push(i);
        mu.unlock();
      });
      await sleep(1);
    }
    mu.unlock();
    await wg.wait();
    expect(order).toEqual([0, 1, 2]);
  });

  it('RWMutex: readers share, a writer excludes, and misuse panics', async () => {
    const rw = new RWMutex();
    let readers = 0;
    let mostReaders = 0;
    let writerSawReaders = -1;
    const wg = new WaitGroup();
    for (let i = 0; i < 3; i++) {
      wg.go(async () => {
        await rw.rLock();
        readers++;
        mostReaders = Math.max(mostReaders, readers);
        await sleep(10);
        readers--;
        rw.rUnlock();
      });
    }
    await sleep(2);
    expect(rw.tryLock()).toBe(false);
    wg.go(async () => {
      await rw.lock();
      writerSawReaders = readers;
      rw.unlock();
    });
    await wg.wait();
    expect(mostReaders).toBe(3);
    expect(writerSawReaders).toBe(0);
    expect(rw.tryRLock()).toBe(true);
    expect(rw.tryLock()).toBe(false);
    rw.rUnlock();
    expect(rw.tryLock()).toBe(true);
    expect(rw.tryRLock()).toBe(false);
    rw.unlock();
    expect(() => rw.unlock()).toThrow(new Panic('sync: Unlock of unlocked RWMutex'));
    expect(() => rw.rUnlock()).toThrow(new Panic('sync: RUnlock of unlocked RWMutex'));
  });

  it('WaitGroup: wait returns once every goroutine is done; add, done, go; a negative counter panics', async () => {
    const wg = new WaitGroup();
    const done: number[] = [];
    for (let i = 0; i < 4; i++) {
      wg.add(1);
      go(async () => {
        await sleep(4 - i);
        done.push(i);
        wg.done();
      });
    }
    wg.go(async () => {
      await sleep(2);
      done.push(9);
    });
    await wg.wait();
    expect(done.sort()).toEqual([0, 1, 2, 3, 9]);
    expect(wg.count).toBe(0);
    await wg.wait(); // a zero counter: returns at once
    expect(() => wg.done()).toThrow(new Panic('sync: negative WaitGroup counter'));
  });

  it('Once: runs the function once; a second caller waits for the first call to finish', async () => {
    const once = new Once();
    let calls = 0;
    let finished = false;
    const first = once.do(async () => {
      calls++;
      await sleep(10);
      finished = true;
    });
    let secondSawFinished = false;
    const second = once.do(() => {
      calls++;
    }).then(() => {
      secondSawFinished = finished;
    });
    await Promise.all([first, second]);
    expect(calls).toBe(1);
    expect(secondSawFinished).toBe(true);
  });

  it('Cond: signal wakes one waiter, broadcast wakes all', async () => {
    const mu = new Mutex();
    const cond = new Cond(mu);
    let ready = 0;
    let woken = 0;
    const wg = new WaitGroup();
    for (let i = 0; i < 3; i++) {
      wg.go(async () => {
        await mu.lock();
        const ticket = i;
        while (ready <= ticket && ready < 3) await cond.wait();
        woken++;
        mu.unlock();
      });
    }
    await sleep(5);
    expect(woken).toBe(0);
    await mu.lock();
    ready = 1;
    cond.signal();
    mu.unlock();
    await sleep(5);
    expect(woken).toBeGreaterThanOrEqual(1);
    await mu.lock();
    ready = 3;
    cond.broadcast();
    mu.unlock();
    await wg.wait();
    expect(woken).toBe(3);
  });

  it('Semaphore: bounds the units held, FIFO waiters, tryAcquire, and over-release panics', async () => {
    const sem = new Semaphore(3);
    await sem.acquire(2);
    expect(sem.tryAcquire(2)).toBe(false);
    expect(sem.tryAcquire(1)).toBe(true);
    const order: string[] = [];
    const wg = new WaitGroup();
    wg.go(async () => {
      await sem.acquire(2);
      order.push('big');
    });
    await sleep(1);
    wg.go(async () => {
      await sem.acquire(1);
      order.push('small');
    });
    await sleep(5);
    expect(order).toEqual([]);
    sem.release(1); // 1 free: the big request at the head still does not fit, and the small one waits behind it
    await sleep(5);
    expect(order).toEqual([]);
    sem.release(2);
    await wg.wait();
    expect(order).toEqual(['big', 'small']);
    expect(sem.held).toBe(3);
    sem.release(3);
    expect(() => sem.release(1)).toThrow(new Panic('semaphore: released more than held'));
  });

  it('ErrGroup: wait returns the first error; setLimit bounds the functions running at once', async () => {
    const g = new ErrGroup();
    g.setLimit(2);
    let running = 0;
    let most = 0;
    for (let i = 0; i < 6; i++) {
      g.go(async () => {
        running++;
        most = Math.max(most, running);
        await sleep(3);
        running--;
        if (i === 4) throw new Error('job 4 failed');
      });
    }
    expect(() => g.setLimit(3)).toThrow(Panic);
    expect(((await g.wait()) as Error).message).toBe('job 4 failed');
    expect(most).toBe(2);
    expect(await new ErrGroup().wait()).toBeUndefined();
  });

  it('ErrGroup.withContext: the first error cancels the context the others watch', async () => {
    const [g, ctx] = ErrGroup.withContext(context.background());
    let sawCancel = false;
    g.go(async () => {
      await ctx.done().recv();
      sawCancel = ctx.err() === context.Canceled;
    });
    g.go(async () => {
      await sleep(5);
      throw new Error('boom');
    });
    expect(((await g.wait()) as Error).message).toBe('boom');
    expect(sawCancel).toBe(true);
  });
});

describe('production mode: memory and randomness', () => {
  it('Atomic: load, store, swap, compareAndSwap, add', async () => {
    const n = new Atomic(0);
    const wg = new WaitGroup();
    for (let i = 0; i < 10; i++) wg.go(() => n.add(1));
    await wg.wait();
    expect(await n.load()).toBe(10);
    expect(await n.compareAndSwap(10, 20)).toBe(true);
    expect(await n.compareAndSwap(10, 30)).toBe(false);
    expect(await n.swap(5)).toBe(20);
    await n.store(6);
    expect(await n.load()).toBe(6);
    expect(n.peek()).toBe(6);
  });

  it('shared is a plain box', async () => {
    const s = shared({ hits: 0 }, 'stats');
    s.value = { hits: s.value.hits + 1 };
    go(() => {
      s.value = { hits: s.value.hits + 1 };
    });
    await sleep(1);
    expect(s.value.hits).toBe(2);
    expect(s.peek().hits).toBe(2);
  });

  it('randomInt draws in [0, n) and validates n', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(randomInt(4));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(randomInt(1)).toBe(0);
    expect(() => randomInt(0)).toThrow(RangeError);
  });

  it('gosched yields to the event loop: a spin on a flag set by a timer ends', async () => {
    let flag = false;
    setTimeout(() => {
      flag = true;
    }, 5);
    let spins = 0;
    while (!flag) {
      spins++;
      await gosched();
    }
    expect(spins).toBeGreaterThan(0);
  });
});

describe('production mode: time', () => {
  it('now() is epoch milliseconds; sleep waits at least its delay; sleep(0) returns at once', async () => {
    expect(Math.abs(now() - Date.now())).toBeLessThan(1000);
    const t0 = now();
    await sleep(20);
    expect(now() - t0).toBeGreaterThanOrEqual(20);
    let after0 = false;
    const p = sleep(0).then(() => {
      after0 = true;
    });
    await p;
    expect(after0).toBe(true);
  });

  it('sleeps end in the order of their deadlines', async () => {
    const order: number[] = [];
    const wg = new WaitGroup();
    for (const ms of [30, 10, 20]) {
      wg.go(async () => {
        await sleep(ms);
        order.push(ms);
      });
    }
    await wg.wait();
    expect(order).toEqual([10, 20, 30]);
  });

  it('after delivers the time once the delay has passed', async () => {
    const t0 = now();
    const at = (await after(20).recv())!;
    expect(at - t0).toBeGreaterThanOrEqual(20);
    expect(now()).toBeGreaterThanOrEqual(at);
  });

  it('Timer.stop before its value is received: true, and no value ever arrives (Go 1.23); after it was received: false', async () => {
    const t = new Timer(10);
    expect(t.stop()).toBe(true);
    await sleep(25);
    expect(await select(recv(t.c, () => 'fired'), otherwise(() => 'nothing'))).toBe('nothing');
    const u = new Timer(5);
    await sleep(15);
    // Go 1.23: a value not yet received has not fired; stop discards it.
    expect(u.stop()).toBe(true);
    expect(await select(recv(u.c, () => 'stale'), otherwise(() => 'nothing'))).toBe('nothing');
    const w = new Timer(5);
    await w.c.recv();
    expect(w.stop()).toBe(false);
  });

  it('Timer.reset re-arms from now', async () => {
    const t0 = now();
    const t = new Timer(10);
    await sleep(5);
    expect(t.reset(30)).toBe(true);
    const at = (await t.c.recv())!;
    expect(at - t0).toBeGreaterThanOrEqual(35);
    expect(t.reset(5)).toBe(false);
    expect(await t.c.recv()).toBeGreaterThanOrEqual(at + 5);
  });

  it('Ticker ticks at least one period apart until stopped', async () => {
    const tk = new Ticker(10);
    const t0 = now();
    const ticks: number[] = [];
    for (let i = 0; i < 3; i++) ticks.push((await tk.c.recv())!);
    tk.stop();
    expect(ticks[0]! - t0).toBeGreaterThanOrEqual(10);
    expect(ticks[1]! - ticks[0]!).toBeGreaterThanOrEqual(10);
    expect(ticks[2]! - ticks[1]!).toBeGreaterThanOrEqual(10);
    await sleep(25);
    expect(await select(recv(tk.c, () => 'tick'), otherwise(() => 'stopped'))).toBe('stopped');
    expect(() => new Ticker(0)).toThrow('non-positive interval for NewTicker');
  });

  it('afterFunc runs its function in its own goroutine after the delay, unless stopped', async () => {
    const t0 = now();
    const ran = chan<number>(1);
    afterFunc(15, () => ran.send(now()));
    expect((await ran.recv())! - t0).toBeGreaterThanOrEqual(15);
    let stoppedRan = false;
    const t = afterFunc(10, () => {
      stoppedRan = true;
    });
    expect(t.stop()).toBe(true);
    await sleep(20);
    expect(stoppedRan).toBe(false);
  });
});

describe('production mode: context', () => {
  it('withTimeout: done closes after the real deadline, with DeadlineExceeded', async () => {
    const t0 = now();
    const [ctx, cancel] = context.withTimeout(context.background(), 20);
    expect(ctx.err()).toBeUndefined();
    expect(ctx.deadline()! - t0).toBeGreaterThanOrEqual(20);
    await ctx.done().recv();
    expect(now() - t0).toBeGreaterThanOrEqual(20);
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    cancel();
    expect(ctx.err()).toBe(context.DeadlineExceeded);
  });

  it('withDeadline in the past is done at once', () => {
    const [ctx, cancel] = context.withDeadline(context.background(), now() - 1);
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    cancel();
  });

  it('withCancel: canceling a parent cancels its children, not the reverse', async () => {
    const [parent, cancelParent] = context.withCancel(context.background());
    const [child, cancelChild] = context.withCancel(context.withValue(parent, 'k', 'v'));
    const [grandchild, cancelGrandchild] = context.withTimeout(child, 10_000);
    const [sibling, cancelSibling] = context.withCancel(parent);
    cancelSibling();
    expect(sibling.err()).toBe(context.Canceled);
    expect(parent.err()).toBeUndefined();
    expect(child.value('k')).toBe('v');
    const seen = chan<Error | undefined>(1);
    go(async () => {
      await grandchild.done().recv();
      await seen.send(grandchild.err());
    });
    await sleep(2);
    cancelParent();
    expect(await seen.recv()).toBe(context.Canceled);
    expect(child.err()).toBe(context.Canceled);
    cancelChild();
    cancelGrandchild();
  });

  it('a worker stops when its context times out', async () => {
    const [ctx, cancel] = context.withTimeout(context.background(), 25);
    const work = chan<number>();
    let done = 0;
    go(async () => {
      for (;;) {
        const more = await select(recv(after(5), () => true), recv(ctx.done(), () => false));
        if (!more) break;
        done++;
      }
      await work.send(done);
    });
    expect(await work.recv()).toBeGreaterThanOrEqual(1);
    expect(ctx.err()).toBe(context.DeadlineExceeded);
    cancel();
  });
});
