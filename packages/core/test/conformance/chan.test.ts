/**
 * Go's own channel tests (test/chan/*.go and test/closedchan.go), ported: each case
 * names the Go test it comes from.
 */
import { describe, expect, it } from 'vitest';
import { after, chan, go, nilChan, otherwise, Panic, recv, run, select, send, sleep, WaitGroup, type Chan, type Program } from '@interleave/core';
import { runSeeds } from '../helpers.ts';

async function ok(program: Program, leaks = true): Promise<void> {
  const r = await run(program, { leaks });
  expect(r.findings.map((f) => f.text)).toEqual([]);
}

/** The finding messages of a program that must block forever. */
async function blocks(program: Program): Promise<string[]> {
  const r = await run(program);
  return r.findings.map((f) => f.message);
}

const DEADLOCK = ['all goroutines are asleep - deadlock!'];

describe('Go conformance: channels', () => {
  it('test/chan/select3.go: nil channels block forever, in sends, receives and selects', async () => {
    expect(await blocks(() => nilChan<number>().recv().then(() => {}))).toEqual(DEADLOCK);
    expect(await blocks(() => nilChan<number>().send(7))).toEqual(DEADLOCK);
    expect(await blocks(() => select(recv(nilChan<number>())).then(() => {}))).toEqual(DEADLOCK);
    expect(await blocks(() => select(send(nilChan<number>(), 7)).then(() => {}))).toEqual(DEADLOCK);
    expect(await blocks(() => select().then(() => {}))).toEqual(DEADLOCK);
    // ... and never block when a default case exists.
    await ok(async () => {
      expect(await select(recv(nilChan<number>(), () => 'recv'), otherwise(() => 'default'))).toBe('default');
      expect(await select(send(nilChan<number>(), 7, () => 'send'), otherwise(() => 'default'))).toBe('default');
    });
  });

  it('test/chan/select3.go: a closed channel never blocks a receive; a send on it panics', async () => {
    await ok(async () => {
      const closed = chan<number>();
      closed.close();
      expect(await closed.recvOk()).toEqual([undefined, false]);
      expect(await select(recv(closed, (_v, ok) => ok))).toBe(false);
    });
    const r = await run(async () => {
      const closed = chan<number>();
      closed.close();
      await closed.send(7);
    });
    expect(r.findings.map((f) => f.message)).toEqual(['panic: send on closed channel (goroutine 1)']);
  });

  it('test/closedchan.go: close of a nil channel panics; close of a closed one panics', () =>
    ok(() => {
      expect(() => nilChan<number>().close()).toThrow(new Panic('close of nil channel'));
      const c = chan<number>();
      c.close();
      expect(() => c.close()).toThrow(new Panic('close of closed channel'));
    }));

  it('test/chan/nonblock.go: non-blocking sends and receives on nil, unbuffered and buffered channels', () =>
    ok(async () => {
      for (const cap of [0, 1, 10]) {
        const c = chan<number>(cap);
        expect(await select(recv(c, () => 'got'), otherwise(() => 'none'))).toBe('none');
        const full = cap === 0 ? 'none' : 'sent';
        expect(await select(send(c, 1, () => 'sent'), otherwise(() => 'none'))).toBe(full);
      }
      const nil: Chan<number> | null = null;
      expect(await select(recv(nil, () => 'got'), otherwise(() => 'none'))).toBe('none');
    }));

  it('test/chan/select.go: select among ready cases picks each, over the schedules', async () => {
    const picked = new Set<number>();
    await runSeeds(async () => {
      const a = chan<number>(1);
      const b = chan<number>(1);
      await a.send(1);
      await b.send(2);
      picked.add(await select(recv(a, (v) => v!), recv(b, (v) => v!)));
    }, [0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...picked].sort()).toEqual([1, 2]);
  });

  it('test/chan/doubleselect.go: one sender, selects with several cases on the same channels, every value received once', () =>
    ok(async () => {
      const c1 = chan<number>();
      const c2 = chan<number>();
      const c3 = chan<number>();
      const c4 = chan<number>();
      const done = chan<boolean>();
      const N = 50;
      go(async () => {
        for (let i = 1; i <= N; i++) {
          await select(send(c1, i), send(c2, i), send(c3, i), send(c4, i));
        }
        c1.close();
        c2.close();
        c3.close();
        c4.close();
      });
      const seen = new Map<number, boolean>();
      const mux = async (c: Chan<number>): Promise<void> => {
        for await (const v of c) {
          expect(seen.has(v)).toBe(false);
          seen.set(v, true);
        }
        await done.send(true);
      };
      go(() => mux(c1));
      go(() => mux(c2));
      go(() => mux(c3));
      go(() => mux(c4));
      for (let i = 0; i < 4; i++) await done.recv();
      expect(seen.size).toBe(N);
    }));

  it('test/chan/fifo.go: buffered and synchronous channels are FIFO', () =>
    ok(async () => {
      const N = 10;
      const ch = chan<number>(N);
      for (let i = 0; i < N; i++) await ch.send(i);
      for (let i = 0; i < N; i++) expect(await ch.recv()).toBe(i);
      // SynchFifo: a chain of goroutines, each waiting for its turn.
      const c = chan<number>();
      let last = chan<void>();
      const first = last;
      const wg = new WaitGroup();
      for (let i = 0; i < N; i++) {
        const input = last;
        const output = chan<void>();
        const v = i;
        wg.go(async () => {
          await input.recv();
          await c.send(v);
          await output.send();
        });
        last = output;
      }
      await first.send();
      for (let i = 0; i < N; i++) {
        expect(await c.recv()).toBe(i);
        if (i === N - 1) await last.recv();
      }
      await wg.wait();
    }));

  it('test/chan/sieve1.go: the concurrent prime sieve (the generator and filters block forever once main returns, as in Go: leaks off)', () =>
    ok(async () => {
      const generate = async (ch: Chan<number>): Promise<void> => {
        for (let i = 2; ; i++) await ch.send(i);
      };
      const filter = async (input: Chan<number>, out: Chan<number>, prime: number): Promise<void> => {
        for (;;) {
          const i = (await input.recv())!;
          if (i % prime !== 0) await out.send(i);
        }
      };
      let ch = chan<number>();
      go(() => generate(ch), 'generate');
      const primes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const prime = (await ch.recv())!;
        primes.push(prime);
        const ch1 = chan<number>();
        const input = ch;
        go(() => filter(input, ch1, prime), 'filter');
        ch = ch1;
      }
      expect(primes).toEqual([2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    }, false));

  it('makechan: a size out of range panics (test/chan/perm.go-adjacent; Go: makechan: size out of range)', async () => {
    for (const n of [-1, 1.5, 2 ** 59]) {
      const r = await run(() => {
        chan<number>(n);
      });
      expect(r.findings.map((f) => f.message)).toEqual(['panic: makechan: size out of range (goroutine 1)']);
    }
  });

  it('select with a timeout (the shape of test/chan/select5.go\'s generated cases): the after case wins when nothing is sent', () =>
    ok(async () => {
      const c = chan<number>();
      expect(await select(recv(c, () => 'value'), recv(after(10), () => 'timeout'))).toBe('timeout');
      await sleep(0);
    }));
});
