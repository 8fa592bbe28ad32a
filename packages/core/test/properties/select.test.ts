/**
 * `select` never picks a case that is not ready, and picks every ready case
 * under some seed.
 *
 * Reference model (first property): main owns 1..4 channels whose readiness it
 * knows exactly. Recv cases: a buffered channel with known contents (maybe
 * closed), an unbuffered channel with a parked sender, an unbuffered channel
 * nobody sends on. Send cases: a buffered channel with known length, an
 * unbuffered channel with a parked receiver. Before every `select` main sleeps
 * 1 ms, so every other goroutine is parked (virtual time advances only then);
 * the model then says which cases are ready. `otherwise` must win iff none is,
 * a recv must yield the model's next value, and the model is updated with the
 * chosen case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chan, go, otherwise, recv, run, select, send, sleep } from '@interleave/core';
import type { Chan } from '@interleave/core';
import { check, describeFindings, params, runOk, seedArb } from './harness.ts';

/** One channel of the model and how main uses it in every select. */
type Spec =
  | { kind: 'buffered-recv'; contents: number; closed: boolean }
  | { kind: 'parked-sender'; values: number }
  | { kind: 'silent' }
  | { kind: 'buffered-send'; capacity: number; length: number }
  | { kind: 'parked-receiver'; receives: number };

const specArb: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ kind: fc.constant('buffered-recv' as const), contents: fc.integer({ min: 0, max: 3 }), closed: fc.boolean() }),
  fc.record({ kind: fc.constant('parked-sender' as const), values: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('silent' as const) }),
  fc.integer({ min: 1, max: 3 }).chain((capacity) =>
    fc.record({ kind: fc.constant('buffered-send' as const), capacity: fc.constant(capacity), length: fc.integer({ min: 0, max: capacity }) })),
  fc.record({ kind: fc.constant('parked-receiver' as const), receives: fc.integer({ min: 0, max: 2 }) }),
);

type Outcome = { case: number; dir: 'recv'; v: number | undefined; ok: boolean } | { case: number; dir: 'send' } | { case: -1 };

/** Live state of one modelled channel: what main knows about it. */
interface Model {
  spec: Spec;
  ch: Chan<number>;
  /** Values a recv will yield next, in order (recv kinds). */
  queue: number[];
  /** Sends still accepted before the channel stops being ready (send kinds). */
  room: number;
  /** Values handed to a parked receiver, and what it logged. */
  sent: number[];
  received: number[];
}

function setup(spec: Spec, i: number): Model {
  const base = 100 * (i + 1);
  const m: Model = { spec, ch: chan<number>(0), queue: [], room: 0, sent: [], received: [] };
  switch (spec.kind) {
    case 'buffered-recv':
      m.ch = chan<number>(3);
      for (let j = 0; j < spec.contents; j++) m.queue.push(base + j);
      break;
    case 'parked-sender':
      for (let j = 0; j < spec.values; j++) m.queue.push(base + j);
      break;
    case 'buffered-send':
      m.ch = chan<number>(spec.capacity);
      m.room = spec.capacity - spec.length;
      break;
    case 'parked-receiver':
      m.room = spec.receives;
      break;
    case 'silent':
      break;
  }
  return m;
}

async function start(m: Model, i: number): Promise<void> {
  const { spec, ch } = m;
  if (spec.kind === 'buffered-recv') {
    for (const v of m.queue) await ch.send(v);
    if (spec.closed) ch.close();
  } else if (spec.kind === 'buffered-send') {
    for (let j = 0; j < spec.length; j++) await ch.send(-1);
  } else if (spec.kind === 'parked-sender') {
    const values = [...m.queue];
    go(async () => { for (const v of values) await ch.send(v); }, `sender-${i}`);
  } else if (spec.kind === 'parked-receiver') {
    go(async () => { for (let j = 0; j < spec.receives; j++) m.received.push((await ch.recv()) as number); }, `receiver-${i}`);
  }
}

function ready(m: Model): boolean {
  switch (m.spec.kind) {
    case 'buffered-recv': return m.queue.length > 0 || m.spec.closed;
    case 'parked-sender': return m.queue.length > 0;
    case 'silent': return false;
    case 'buffered-send':
    case 'parked-receiver': return m.room > 0;
  }
}

const isSend = (m: Model): boolean => m.spec.kind === 'buffered-send' || m.spec.kind === 'parked-receiver';

describe('select (property)', () => {
  it('never picks a case that is not ready; otherwise only when none is', async () => {
    const shapeArb = fc.record({ specs: fc.array(specArb, { minLength: 1, maxLength: 4 }), rounds: fc.integer({ min: 1, max: 6 }) });
    const outcomes = new Set<string>(); // coverage: every kind of case was chosen in some run
    await fc.assert(
      fc.asyncProperty(shapeArb, seedArb, async ({ specs, rounds }, seed) => {
        const program = async (): Promise<void> => {
          const models = specs.map(setup);
          for (const [i, m] of models.entries()) await start(m, i);
          for (let r = 0; r < rounds; r++) {
            await sleep(1); // every other goroutine is parked now
            const readyCases = models.map(ready);
            const cases = models.map((m, i) => isSend(m)
              ? send(m.ch, 1000 * (r + 1) + i, (): Outcome => ({ case: i, dir: 'send' }))
              : recv(m.ch, (v: number | undefined, ok: boolean): Outcome => ({ case: i, dir: 'recv', v, ok })));
            const out = await select<Outcome>(...cases, otherwise((): Outcome => ({ case: -1 })));
            const chosen = models[out.case];
            outcomes.add(chosen === undefined ? 'otherwise' : chosen.spec.kind === 'buffered-recv' && chosen.queue.length === 0 ? 'closed' : chosen.spec.kind);
            if (out.case === -1) {
              check(!readyCases.some(Boolean), `round ${r}: otherwise chosen with ready cases ${JSON.stringify(readyCases)}`);
              continue;
            }
            const m = models[out.case] as Model;
            check(readyCases[out.case] === true, `round ${r}: picked case ${out.case} (${m.spec.kind}) which was not ready`);
            if ('dir' in out && out.dir === 'recv') {
              const expected = m.queue.shift();
              check(out.v === expected && out.ok === (expected !== undefined),
                `round ${r}: case ${out.case} got [${String(out.v)}, ${String(out.ok)}], model says ${String(expected)}`);
            } else {
              m.room--;
              m.sent.push(1000 * (r + 1) + out.case);
            }
          }
          await sleep(1);
          for (const m of models) {
            if (m.spec.kind === 'buffered-send') check(m.ch.length === m.spec.capacity - m.room, 'buffered-send length matches the model');
            if (m.spec.kind === 'buffered-recv') check(m.ch.length === m.queue.length, 'buffered-recv length matches the model');
            if (m.spec.kind === 'parked-receiver') check(JSON.stringify(m.received) === JSON.stringify(m.sent), 'receiver got what select sent');
          }
        };
        await runOk(program, { seed, leaks: false }); // parked senders/receivers may outlive main by design
      }),
      params(),
    );
    expect([...outcomes].sort()).toEqual(['buffered-recv', 'buffered-send', 'closed', 'otherwise', 'parked-receiver', 'parked-sender']);
  });

  it('covers every ready case across seeds (Go picks uniformly among ready cases)', async () => {
    for (let n = 2; n <= 4; n++) {
      const picked = new Set<number>();
      for (let seed = 0; seed < 64; seed++) {
        let choice = -2;
        const program = async (): Promise<void> => {
          const chans = Array.from({ length: n }, (_, i) => {
            const ch = chan<number>(1);
            return { ch, i };
          });
          for (const { ch, i } of chans) await ch.send(i);
          choice = await select<number>(
            ...chans.map(({ ch, i }) => recv(ch, (v: number | undefined) => {
              check(v === i, `case ${i} received ${String(v)}`);
              return i;
            })),
            otherwise(() => -1),
          );
        };
        const r = await run(program, { seed });
        expect(r.ok, describeFindings(r)).toBe(true);
        expect(choice).toBeGreaterThanOrEqual(0);
        picked.add(choice);
      }
      expect([...picked].sort()).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('a blocking select wakes on exactly the case that became ready', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 4 }), fc.nat(), fc.integer({ min: 0, max: 5 }), seedArb, async (n, k, delay, seed) => {
        const target = k % n;
        const program = async (): Promise<void> => {
          const chans = Array.from({ length: n }, () => chan<number>());
          go(async () => {
            await sleep(delay);
            await (chans[target] as Chan<number>).send(target);
          }, 'late-sender');
          const got = await select<number>(...chans.map((ch, i) => recv(ch, (v: number | undefined) => {
            check(i === target && v === target, `woke on case ${i} with ${String(v)}, only case ${target} was ever ready`);
            return i;
          })));
          check(got === target, 'select result');
        };
        await runOk(program, { seed });
      }),
      params(150),
    );
  });
});
