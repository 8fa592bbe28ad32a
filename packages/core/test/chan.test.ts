import { describe, expect, it } from 'vitest';
import { run, go, chan, Panic, WaitGroup, sleep } from '@interleave/core';
import { kinds, runSeeds } from './helpers.ts';

describe('channels', () => {
  it('an unbuffered send waits for its receiver (rendezvous)', async () => {
    for (const r of await runSeeds(async () => {
      const ch = chan<number>();
      const log: string[] = [];
      go(async () => {
        await ch.send(1);
        log.push('sent');
      });
      log.push('before');
      const v = await ch.recv();
      expect(v).toBe(1);
      await new WaitGroup().wait();
      expect(log[0]).toBe('before');
    })) expect(r.findings).toEqual([]);
  });

  it('a buffered channel is FIFO and reports length and capacity', async () => {
    const r = await run(async () => {
      const ch = chan<number>(3);
      await ch.send(1);
      await ch.send(2);
      expect([ch.length, ch.capacity]).toEqual([2, 3]);
      expect(await ch.recv()).toBe(1);
      expect(await ch.recv()).toBe(2);
    });
    expect(r.ok).toBe(true);
  });

  it('close lets receivers drain, then gives undefined, false', async () => {
    const r = await run(async () => {
      const ch = chan<string>(2);
      await ch.send('a');
      ch.close();
      expect(await ch.recvOk()).toEqual(['a', true]);
      expect(await ch.recvOk()).toEqual([undefined, false]);
      expect(await ch.recv()).toBeUndefined();
    });
    expect(r.ok).toBe(true);
  });

  it('close wakes every blocked receiver', async () => {
    for (const r of await runSeeds(async () => {
      const ch = chan<number>();
      const wg = new WaitGroup();
      let woken = 0;
      for (let i = 0; i < 3; i++) {
        wg.go(async () => {
          const [, ok] = await ch.recvOk();
          if (!ok) woken++;
        });
      }
      go(() => ch.close());
      await wg.wait();
      expect(woken).toBe(3);
    })) expect(r.findings).toEqual([]);
  });

  it('a sender blocked when the channel closes panics with Go\'s message', async () => {
    const r = await run(async () => {
      const ch = chan<number>();
      go(async () => {
        await ch.send(1);
      }, 'sender');
      await sleep(1); // time moves only when all are blocked: the sender is parked now
      ch.close();
      await sleep(1);
    });
    expect(kinds(r)).toEqual(['panic']);
    expect(r.findings[0]!.text).toMatch(/^panic: send on closed channel\n\ngoroutine 2 "sender" \[running\]:\n {4}packages\/core\/test\/chan\.test\.ts:\d+:\d+/);
  });

  it('close of a closed channel panics', async () => {
    const r = await run(() => {
      const ch = chan<number>();
      ch.close();
      expect(() => ch.close()).toThrow(Panic);
      ch.close();
    });
    expect(r.findings[0]!.message).toBe('panic: close of closed channel (goroutine 1)');
  });

  it('for await ranges over a channel until it is closed', async () => {
    const r = await run(async () => {
      const ch = chan<number>();
      go(async () => {
        for (let i = 0; i < 3; i++) await ch.send(i);
        ch.close();
      });
      const got: number[] = [];
      for await (const v of ch) got.push(v);
      expect(got).toEqual([0, 1, 2]);
    });
    expect(r.ok).toBe(true);
  });

  it('a send with no receiver is a deadlock with wait reason "chan send"', async () => {
    const r = await run(async () => {
      await chan<number>().send(42);
    });
    expect(kinds(r)).toEqual(['deadlock']);
    expect(r.findings[0]!.text).toMatch(/^fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 \[chan send\]:\n {4}packages\/core\/test\/chan\.test\.ts:\d+:\d+/);
  });
});
