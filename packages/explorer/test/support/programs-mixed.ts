/**
 * Small programs over every kind of primitive (channels, select, timers,
 * mutexes, wait groups, once, context, random), for checking partial-order
 * reduction against plain depth-first search on the real runtime.
 */
import {
  Atomic, Mutex, Once, WaitGroup, after, chan, context, go, gosched, randomInt, recv, select, send, shared, sleep,
  type Program,
} from '@interleave/core';

export const mixedPrograms: [string, Program][] = [
  ['unbuffered ping-pong', async () => {
    const ping = chan<number>();
    const pong = chan<number>();
    go(async () => { const v = await ping.recv(); await pong.send((v ?? 0) + 1); });
    await ping.send(1);
    await pong.recv();
  }],
  ['buffered producers', async () => {
    const c = chan<number>(2);
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) wg.go(async () => { await c.send(i); });
    await wg.wait();
    await c.recv();
    await c.recv();
  }],
  ['select between two senders', async () => {
    const a = chan<number>(1);
    const b = chan<number>(1);
    go(async () => { await a.send(1); });
    go(async () => { await b.send(2); });
    const got = await select(recv(a, (v) => v), recv(b, (v) => v));
    await (got === 1 ? b : a).recv();
  }],
  ['select with send and default', async () => {
    const c = chan<number>();
    go(async () => { await c.recv(); });
    const sent = await select(send(c, 1, () => true), recv(after(5), () => false));
    if (!sent) await c.send(2);
  }],
  ['timers racing', async () => {
    const x = new Atomic(0, 'x');
    go(async () => { await sleep(5); await x.store(1); });
    go(async () => { await sleep(5); await x.store(2); });
    await sleep(10);
    await x.load();
  }],
  ['mutex and shared', async () => {
    const m = new Mutex('m');
    const n = shared(0, 'n');
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) wg.go(async () => { await m.lock(); n.value++; await gosched(); m.unlock(); });
    await wg.wait();
  }],
  ['once', async () => {
    const once = new Once();
    const x = new Atomic(0, 'x');
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) wg.go(async () => { await once.do(async () => { await x.add(1); }); });
    await wg.wait();
  }],
  ['context cancel', async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    const c = chan<number>();
    go(async () => { await select(recv(ctx.done(), () => 0), send(c, 1, () => 1)); });
    go(async () => { cancel(); });
    await select(recv(c, () => 0), recv(after(1), () => 0));
  }],
  ['random value', async () => {
    const x = new Atomic(0, 'x');
    go(async () => { await x.store(randomInt(3)); });
    await x.load();
    await sleep(1);
  }],
  ['main returns early, leaks off', async () => {
    const x = new Atomic(0, 'x');
    go(async () => { await x.store(1); await x.store(2); });
    await x.load();
  }],
];
