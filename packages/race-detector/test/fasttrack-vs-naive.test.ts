/**
 * Differential property: on random event sequences, the FastTrack race monitor
 * finds the first race of every variable at exactly the access where a naive
 * detector (every access kept with a full vector clock) finds it, and never
 * reports a variable the naive detector finds race-free; every later report is a
 * real race too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ObjectInfo } from '../src/core-types.ts';
import { RaceMonitor } from '../src/race-monitor.ts';

type Op =
  | { t: 'go'; parent: number }
  | { t: 'access'; g: number; v: number; write: boolean }
  | { t: 'sync'; g: number; s: number; release: boolean };

const G = 4;
const VARS = 3;
const SYNCS = 2;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ t: fc.constant('go' as const), parent: fc.nat(G - 1) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('access' as const), g: fc.nat(G - 1), v: fc.nat(VARS - 1), write: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('sync' as const), g: fc.nat(G - 1), s: fc.nat(SYNCS - 1), release: fc.boolean() }) },
);

/** A deliberately simple happens-before detector: full clocks, every access kept. */
class Naive {
  clocks = new Map<number, number[]>();
  vars = new Map<number, number[]>();
  history = new Map<number, { g: number; time: number; write: boolean }[]>();

  clock(g: number): number[] {
    let c = this.clocks.get(g);
    if (!c) {
      c = new Array<number>(16).fill(0);
      c[g] = 1;
      this.clocks.set(g, c);
    }
    return c;
  }
  spawn(parent: number, child: number): void {
    const c = [...this.clock(parent)];
    c[child] = 1;
    this.clocks.set(child, c);
    (this.clocks.get(parent) as number[])[parent]! += 1;
  }
  sync(g: number, s: number, release: boolean): void {
    const c = this.clock(g);
    const v = this.vars.get(s) ?? new Array<number>(16).fill(0);
    this.vars.set(s, v);
    for (let i = 0; i < 16; i++) {
      if (release) v[i] = Math.max(v[i]!, c[i]!);
      else c[i] = Math.max(c[i]!, v[i]!);
    }
    if (release) c[g]! += 1;
  }
  /** True when this access conflicts with an earlier unordered one. */
  access(g: number, x: number, write: boolean): boolean {
    const c = this.clock(g);
    const h = this.history.get(x) ?? [];
    this.history.set(x, h);
    const racy = h.some((a) => a.g !== g && (a.write || write) && a.time > c[a.g]!);
    h.push({ g, time: c[g]!, write });
    return racy;
  }
}

describe('FastTrack against a naive detector', () => {
  it('finds the first race of every variable at the same access', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 100 }), (ops) => {
        const m = new RaceMonitor({ captureSite: () => undefined, maxReports: 1_000_000 });
        m.runStart({ seed: 0, locations: true });
        const naive = new Naive();
        const vars: ObjectInfo[] = Array.from({ length: VARS }, (_, i) => ({ id: 1 + i, kind: 'shared', name: `v${i}` }));
        const syncs: ObjectInfo[] = Array.from({ length: SYNCS }, (_, i) => ({ id: 10 + i, kind: 'mutex', name: `s${i}` }));
        let live = 1;
        const firstNaive = new Map<number, number>();
        const firstFT = new Map<number, number>();
        let reports = 0;
        ops.forEach((op, i) => {
          if (op.t === 'go') {
            if (live >= G) return;
            const parent = 1 + (op.parent % live);
            live++;
            m.spawn({ parent, child: live, name: undefined, site: undefined });
            naive.spawn(parent, live);
          } else if (op.t === 'sync') {
            const g = 1 + (op.g % live);
            m.sync(g, syncs[op.s]!, 0, op.release ? 'release' : 'acquire');
            naive.sync(g, op.s, op.release);
          } else {
            const g = 1 + (op.g % live);
            m.access(g, vars[op.v]!, op.write, false, { file: 'f.ts', line: i + 1, col: 1 });
            const racyNaive = naive.access(g, op.v, op.write);
            const n = m.runEnd().length;
            if (racyNaive && !firstNaive.has(op.v)) firstNaive.set(op.v, i);
            if (n > reports && !firstFT.has(op.v)) firstFT.set(op.v, i);
            if (n > reports) expect(racyNaive).toBe(true); // every report, not only the first, is a real race
            reports = n;
          }
        });
        expect(firstFT).toEqual(firstNaive);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });
});
