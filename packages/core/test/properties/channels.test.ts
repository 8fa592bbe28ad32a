/**
 * Channels deliver every value exactly once, in FIFO order per sender.
 *
 * Program shape: one channel of capacity 0..3, 1..3 senders each sending a
 * numbered sequence (plain `send` or a one-case `select`), 1..3 receivers (range
 * loop, `recvOk` loop or `select` loop), and a closer goroutine that closes the
 * channel once a WaitGroup says every sender is done (Go's usual fan-in shape).
 *
 * Reference model: the multiset of values sent. Checked after the run: the
 * union of what receivers got equals it, no value twice; each receiver sees each
 * sender's values in increasing order (with a single receiver, exactly 0..n-1).
 * Checked during the run: `length <= capacity`; after close-and-drain `recvOk`
 * yields `[undefined, false]`. Close itself: it wakes every parked receiver
 * with `[undefined, false]`, keeps buffered values receivable, and makes a
 * parked sender panic with Go's `send on closed channel`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WaitGroup, chan, go, recv, run, select, send, sleep } from '@interleave/core';
import type { Chan } from '@interleave/core';
import { check, describeFindings, params, runOk, seedArb } from './harness.ts';

type Msg = readonly [sender: number, index: number];
type SendMode = 'send' | 'select';
type RecvMode = 'range' | 'recvOk' | 'select';

interface Shape {
  capacity: number;
  senders: { count: number; mode: SendMode }[];
  receivers: RecvMode[];
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  capacity: fc.integer({ min: 0, max: 3 }),
  senders: fc.array(
    fc.record({ count: fc.integer({ min: 0, max: 5 }), mode: fc.constantFrom<SendMode>('send', 'select') }),
    { minLength: 1, maxLength: 3 },
  ),
  receivers: fc.array(fc.constantFrom<RecvMode>('range', 'recvOk', 'select'), { minLength: 1, maxLength: 3 }),
});

async function sendOne(ch: Chan<Msg>, m: Msg, mode: SendMode): Promise<void> {
  if (mode === 'send') await ch.send(m);
  else await select(send(ch, m, () => undefined));
}

/** Receives until close; returns what it got, in order. */
async function drain(ch: Chan<Msg>, mode: RecvMode): Promise<Msg[]> {
  const got: Msg[] = [];
  const keep = (m: Msg | undefined): void => {
    check(m !== undefined, 'received undefined from an open channel');
    check(ch.length <= ch.capacity, `length ${ch.length} > capacity ${ch.capacity}`);
    got.push(m);
  };
  if (mode === 'range') {
    for await (const m of ch) keep(m);
  } else {
    for (;;) {
      const [m, ok] = mode === 'recvOk'
        ? await ch.recvOk()
        : await select(recv(ch, (v: Msg | undefined, okv: boolean) => [v, okv] as const));
      if (!ok) {
        check(m === undefined, 'closed channel yielded a value with ok=false');
        break;
      }
      keep(m);
    }
  }
  const [after, ok] = await ch.recvOk();
  check(!ok && after === undefined, 'recvOk after close-and-drain must be [undefined, false]');
  return got;
}

/** The program and the per-receiver logs of its latest run. */
function fanIn(shape: Shape): { program: () => Promise<void>; logs: Msg[][] } {
  const logs: Msg[][] = [];
  const program = async (): Promise<void> => {
    logs.length = 0;
    const ch = chan<Msg>(shape.capacity);
    const sent = new WaitGroup();
    shape.senders.forEach(({ count, mode }, s) => {
      sent.add(1);
      go(async () => {
        for (let i = 0; i < count; i++) await sendOne(ch, [s, i], mode);
        sent.done();
      }, `sender-${s}`);
    });
    go(async () => {
      await sent.wait();
      ch.close();
    }, 'closer');
    const received = new WaitGroup();
    shape.receivers.forEach((mode, r) => {
      received.add(1);
      go(async () => {
        logs[r] = await drain(ch, mode);
        received.done();
      }, `receiver-${r}`);
    });
    await received.wait();
  };
  return { program, logs };
}

describe('channels (property)', () => {
  it('deliver every value exactly once, FIFO per sender', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, seedArb, async (shape, seed) => {
        const { program, logs } = fanIn(shape);
        await runOk(program, { seed });

        expect(logs).toHaveLength(shape.receivers.length);
        const all = logs.flat().map(([s, i]) => `${s}:${i}`);
        const expected = shape.senders.flatMap(({ count }, s) => Array.from({ length: count }, (_, i) => `${s}:${i}`));
        expect([...all].sort()).toEqual([...expected].sort());
        expect(new Set(all).size).toBe(all.length);

        for (const log of logs) {
          shape.senders.forEach((_, s) => {
            const seq = log.filter(([from]) => from === s).map(([, i]) => i);
            for (let k = 1; k < seq.length; k++) expect(seq[k]).toBeGreaterThan(seq[k - 1] as number);
          });
        }
        if (logs.length === 1) {
          shape.senders.forEach(({ count }, s) => {
            const seq = (logs[0] as Msg[]).filter(([from]) => from === s).map(([, i]) => i);
            expect(seq).toEqual(Array.from({ length: count }, (_, i) => i));
          });
        }
      }),
      params(),
    );
  });

  it('an unbuffered channel never holds a value; a buffered one holds at most its capacity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 6 }), seedArb, async (capacity, n, seed) => {
        const program = async (): Promise<void> => {
          const ch = chan<number>(capacity);
          check(ch.capacity === capacity, `capacity ${ch.capacity} != ${capacity}`);
          const done = chan<void>();
          go(async () => {
            for (let i = 0; i < n; i++) {
              await ch.send(i);
              check(ch.length <= capacity, `after send: length ${ch.length} > capacity ${capacity}`);
            }
            ch.close();
            done.close();
          }, 'sender');
          for (let i = 0; i < n; i++) {
            const v = await ch.recv();
            check(v === i, `received ${String(v)}, expected ${i}`);
            check(ch.length <= capacity, `after recv: length ${ch.length} > capacity ${capacity}`);
          }
          await done.recv();
          check(ch.length === 0, 'drained channel has length 0');
          check((await ch.recv()) === undefined, 'recv on closed empty channel yields undefined');
        };
        await runOk(program, { seed });
      }),
      params(),
    );
  });

  it('close wakes every parked receiver with ok=false; buffered values survive it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), seedArb, async (capacity, receivers, seed) => {
        const program = async (): Promise<void> => {
          const ch = chan<number>(capacity);
          const woken = new WaitGroup();
          for (let r = 0; r < receivers; r++) {
            woken.add(1);
            go(async () => {
              const [v, ok] = await ch.recvOk();
              check(v === undefined && !ok, `receiver ${r} woke by close with [${String(v)}, ${String(ok)}]`);
              woken.done();
            }, `receiver-${r}`);
          }
          await sleep(1); // all receivers parked
          ch.close();
          await woken.wait();

          const full = chan<number>(capacity);
          for (let i = 0; i < capacity; i++) await full.send(i);
          full.close();
          for (let i = 0; i < capacity; i++) check((await full.recv()) === i, `buffered value ${i} lost by close`);
          const [v, ok] = await full.recvOk();
          check(v === undefined && !ok, 'drained closed channel yields [undefined, false]');
        };
        await runOk(program, { seed });
      }),
      params(),
    );
  });

  it('close makes a parked sender panic with "send on closed channel"', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 }), seedArb, async (capacity, senders, seed) => {
        const program = async (): Promise<void> => {
          const ch = chan<number>(capacity);
          for (let i = 0; i < capacity; i++) await ch.send(i);
          for (let s = 0; s < senders; s++) go(() => ch.send(100 + s), `sender-${s}`);
          await sleep(1); // all senders parked on the full channel
          ch.close();
          await sleep(1);
        };
        const r = await run(program, { seed, leaks: false });
        expect(r.ok, describeFindings(r)).toBe(false);
        expect(r.findings[0]?.kind).toBe('panic');
        expect(r.findings[0]?.message).toContain('send on closed channel');
      }),
      params(100),
    );
  });
});
