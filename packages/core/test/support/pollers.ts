/**
 * Spin-waits and polling loops that wait on another goroutine, shared by the
 * fairness tests of core and explorer: each must end in a few steps under every
 * scheduler (runtime/fairness.ts).
 */
import { go, gosched, chan, select, recv, otherwise, Atomic, Mutex, WaitGroup, context, type Program } from '@interleave/core';

/** The polling shapes (the three of the issue and two spin locks), each waiting on a goroutine that needs several steps. */
export const pollers: Record<string, Program> = {
  'atomic spin-wait with gosched': async () => {
    const flag = new Atomic(false);
    go(async () => {
      for (let i = 0; i < 5; i++) await gosched();
      await flag.store(true);
    });
    while (!(await flag.load())) await gosched();
  },
  'select with otherwise': async () => {
    const ch = chan<number>(1);
    go(async () => {
      for (let i = 0; i < 5; i++) await gosched();
      await ch.send(7);
    });
    let got: number | undefined;
    while (got === undefined) got = await select(recv(ch, (v) => v), otherwise(() => undefined));
    if (got !== 7) throw new Error(`got ${got}`);
  },
  'ctx.err() polling loop': async () => {
    const [ctx, cancel] = context.withCancel(context.background());
    go(async () => {
      for (let i = 0; i < 5; i++) await gosched();
      cancel();
    });
    while (!ctx.err()) await gosched();
  },
  'tryLock spin': async () => {
    const mu = new Mutex();
    await mu.lock();
    go(async () => {
      for (let i = 0; i < 5; i++) await gosched();
      mu.unlock();
    });
    while (!mu.tryLock()) await gosched();
  },
  'compareAndSwap spin lock': async () => {
    const held = new Atomic(true);
    go(async () => {
      for (let i = 0; i < 5; i++) await gosched();
      await held.store(false);
    });
    while (!(await held.compareAndSwap(false, true))) await gosched();
  },
};


/**
 * A spin on a plain field, which the runtime cannot see: its third bare `gosched()`
 * in a row makes it a spin (runtime/fairness.ts), so it ends under every scheduler.
 */
export const plainFieldSpin: Program = async () => {
  const state = { ready: false };
  const wg = new WaitGroup();
  wg.go(async () => { while (!state.ready) await gosched(); });
  wg.go(async () => { await gosched(); state.ready = true; });
  await wg.wait();
};
