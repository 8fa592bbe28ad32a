/** Go's nil channel, `null` select cases, makechan's size check, and several cases of a select on one channel. */
import { describe, expect, it } from 'vitest';
import { after, chan, go, nilChan, Panic, recv, run, select, send, WaitGroup, type Chan } from '@interleave/core';
import { runSeeds } from './helpers.ts';

describe('nil channels', () => {
  it('a send on the nil channel blocks forever (a deadlock, in Go\'s words); on a channel with a receiver it completes', async () => {
    const nil = await run(async () => {
      await nilChan<number>().send(1);
    });
    expect(nil.findings.map((f) => f.message)).toEqual(['all goroutines are asleep - deadlock!']);
    expect(nil.findings[0]!.text).toContain('[chan send (nil chan)]');
    const real = await run(async () => {
      const ch = chan<number>();
      go(() => ch.recv());
      await ch.send(1);
    });
    expect(real.findings).toEqual([]);
  });

  it('a receive from the nil channel blocks forever; a goroutine left there when main returns is a leak', async () => {
    const r = await run(async () => {
      await nilChan<number>().recv();
    });
    expect(r.findings[0]!.text).toContain('[chan receive (nil chan)]');
    const leak = await run(() => {
      go(() => nilChan<number>().recv());
    });
    expect(leak.findings.map((f) => f.kind)).toEqual(['leak']);
  });

  it('close of the nil channel panics `close of nil channel`; close of a channel does not', async () => {
    const r = await run(() => {
      nilChan<void>().close();
    });
    expect(r.findings.map((f) => f.message)).toEqual(['panic: close of nil channel (goroutine 1)']);
    expect(() => new Panic('close of nil channel')).not.toThrow();
    const ok = await run(() => {
      chan<void>().close();
    });
    expect(ok.findings).toEqual([]);
  });

  it('is one per run (Go\'s `ch == nil`), with length and capacity 0', async () => {
    const r = await run(() => {
      expect(nilChan<number>()).toBe(nilChan<string>());
      expect(chan<number>()).not.toBe(nilChan<number>());
      expect([nilChan().length, nilChan().capacity]).toEqual([0, 0]);
    });
    expect(r.findings).toEqual([]);
  });

  it('as a select case, nilChan(), null and undefined are never ready; the other case is taken', async () => {
    const r = await run(async () => {
      const off: Chan<number> | null = null;
      expect(await select(recv(nilChan<number>(), () => 'nil'), recv(after(5), () => 'timeout'))).toBe('timeout');
      expect(await select(recv(off, () => 'null'), send(undefined, 1, () => 'undefined'), recv(after(5), () => 'timeout'))).toBe('timeout');
      expect(await select(null, undefined, recv(after(5), () => 'timeout'))).toBe('timeout');
    });
    expect(r.findings).toEqual([]);
  });

  it('a select of only nil cases blocks forever (`select (no cases)`); with one real case ready it completes', async () => {
    const r = await run(async () => {
      await select(recv(nilChan<number>()), null);
    });
    expect(r.findings[0]!.text).toContain('[select (no cases)]');
    const ok = await run(async () => {
      const ch = chan<number>(1);
      await ch.send(1);
      expect(await select(recv(nilChan<number>(), (v) => v), recv(ch, (v) => v))).toBe(1);
    });
    expect(ok.findings).toEqual([]);
  });

  it('Go\'s merge loop: a closed input is set to nil, which turns its case off', async () => {
    const r = await run(async () => {
      const a = chan<number>();
      const b = chan<number>();
      const wg = new WaitGroup();
      wg.go(async () => {
        await a.send(1);
        a.close();
      });
      wg.go(async () => {
        await b.send(2);
        b.close();
      });
      let x: Chan<number> = a;
      let y: Chan<number> = b;
      const got: number[] = [];
      while (x !== nilChan<number>() || y !== nilChan<number>()) {
        await select(
          recv(x, (v, ok) => (ok ? got.push(v!) : (x = nilChan()))),
          recv(y, (v, ok) => (ok ? got.push(v!) : (y = nilChan()))),
        );
      }
      await wg.wait();
      expect(got.sort()).toEqual([1, 2]);
    });
    expect(r.findings).toEqual([]);
  });
});

describe('makechan', () => {
  it('chan(2 ** 59) panics `makechan: size out of range`; chan(2 ** 20) is made', async () => {
    const r = await run(() => {
      chan<number>(2 ** 59);
    });
    expect(r.findings.map((f) => f.message)).toEqual(['panic: makechan: size out of range (goroutine 1)']);
    const ok = await run(() => {
      expect(chan<number>(2 ** 20).capacity).toBe(2 ** 20);
    });
    expect(ok.findings).toEqual([]);
  });
});

describe('a parked select with several cases on one channel', () => {
  it('completes either case, as a select decision; with the cases on two channels the sent one always wins', async () => {
    const taken = new Set<string>();
    await runSeeds(async () => {
      const ch = chan<number>();
      go(() => ch.send(1));
      taken.add(await select(recv(ch, () => 'first'), recv(ch, () => 'second')));
    }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...taken].sort()).toEqual(['first', 'second']);
    const two = new Set<string>();
    await runSeeds(async () => {
      const ch = chan<number>();
      const other = chan<number>();
      go(() => ch.send(1));
      two.add(await select(recv(other, () => 'other'), recv(ch, () => 'ch')));
    }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...two]).toEqual(['ch']);
  });

  it('parked first (main runs before the sender), the select decision picks the case a sender completes', async () => {
    const picks: string[] = [];
    for (const pick of [0, 1]) {
      const kinds: string[] = [];
      const r = await run(async () => {
        const ch = chan<number>();
        go(() => ch.send(1));
        picks.push(await select(recv(ch, () => 'first'), recv(ch, () => 'second')));
      }, { scheduler: { choose: (d) => (kinds.push(d.kind), d.kind === 'select' ? pick : 0) } });
      expect(r.findings).toEqual([]);
      expect(kinds).toContain('select');
    }
    expect(picks).toEqual(['first', 'second']);
  });
});
