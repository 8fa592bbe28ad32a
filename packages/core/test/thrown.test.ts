import { describe, expect, it } from 'vitest';
import { run, chan, describeThrown, ErrGroup, WaitGroup, type Program } from '@interleave/core';

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function errorWithThrowingGetter(key: 'stack' | 'name' | 'message'): Error {
  const e = new Error('worker failed');
  Object.defineProperty(e, key, { get() { throw new Error(`${key} getter`); } });
  return e;
}

/** Odd values JavaScript can throw, and the panic value each is reported with. */
const ODD: [string, () => unknown, string][] = [
  ['an object without a prototype', () => Object.assign(Object.create(null) as object, { code: 7 }), '[Object: null prototype] { code: 7 }'],
  ['a revoked Proxy', revoked, '<Revoked Proxy>'],
  ['an object whose toString throws', () => ({ toString(): string { throw new Error('no'); } }), '{ toString: [Function: toString] }'],
  ['an Error whose stack getter throws', () => errorWithThrowingGetter('stack'), 'Error: worker failed'],
  ['an Error whose name getter throws', () => errorWithThrowingGetter('name'), 'Error: worker failed'],
  ['an Error whose message getter throws', () => errorWithThrowingGetter('message'), 'Error: undefined'],
  ['a Symbol', () => Symbol('bad'), 'Symbol(bad)'],
  ['undefined', () => undefined, 'undefined'],
  ['a plain object', () => ({ code: 7 }), '{ code: 7 }'],
];

/** Main and a worker that throws `value` (at once, or after a channel operation) unless `caught`. */
function thrower(value: () => unknown, afterOp: boolean, caught: boolean): Program {
  return async () => {
    const ch = chan<number>(1);
    const wg = new WaitGroup();
    wg.go(async () => {
      try {
        if (afterOp) await ch.send(1);
        throw value();
      } catch (e) {
        if (!caught) throw e;
      }
    });
    await wg.wait();
  };
}

describe('every thrown value is reported as a panic', () => {
  for (const [what, value, shown] of ODD) {
    for (const afterOp of [false, true]) {
      it(`${what}${afterOp ? ' after an operation' : ''}: a panic naming it; caught: no finding`, async () => {
        const r = await run(thrower(value, afterOp, false));
        expect(r.findings.map((f) => f.kind)).toEqual(['panic']);
        expect(r.findings[0]!.message).toBe(`panic: ${shown} (goroutine 2)`);
        expect(r.findings[0]!.text).toContain(`panic: ${shown}\n\ngoroutine 2 [running]:`);
        const fixed = await run(thrower(value, afterOp, true));
        expect(fixed.findings).toEqual([]);
      });
    }
  }

  it('main throwing a revoked Proxy is its panic; returning normally is not', async () => {
    const r = await run(() => { throw revoked(); });
    expect(r.findings.map((f) => f.message)).toEqual(['panic: <Revoked Proxy> (goroutine 1)']);
    expect((await run(() => undefined)).ok).toBe(true);
  });

  it('an ErrGroup goroutine failing with a revoked Proxy: wait hands it to main, which cannot await it (a panic of main); a normal error is returned', async () => {
    const r = await run(async () => {
      const g = new ErrGroup();
      g.go(async () => { throw revoked(); });
      await g.wait(); // a promise resolved with a revoked Proxy rejects (reading its then throws)
    });
    expect(r.findings.map((f) => f.message)).toEqual(["panic: TypeError: Cannot perform 'get' on a proxy that has been revoked (goroutine 1)"]);
    let got: unknown;
    const ok = await run(async () => {
      const g = new ErrGroup();
      g.go(async () => { throw new Error('one'); });
      got = await g.wait();
    });
    expect(ok.ok).toBe(true);
    expect(describeThrown(got)).toBe('Error: one');
  });

  it('describeThrown never throws', () => {
    for (const [, value, shown] of ODD) expect(describeThrown(value())).toBe(shown);
    expect(describeThrown(new TypeError('x'))).toBe('TypeError: x');
    expect(describeThrown(null)).toBe('null');
    expect(describeThrown(10n)).toBe('10');
  });
});
