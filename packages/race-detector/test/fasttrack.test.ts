import { describe, expect, it } from 'vitest';
import { checkReads, read, SHARED, Shadow, write, type RaceSink } from '../src/fasttrack.ts';
import { VectorClock } from '../src/vector-clock.ts';

function clock(entries: Record<number, number>): VectorClock {
  const c = new VectorClock();
  for (const [k, v] of Object.entries(entries)) c.set(Number(k), v);
  return c;
}

function sink(): RaceSink & { seen: string[] } {
  const seen: string[] = [];
  return { seen, conflict: (g, w) => void seen.push(`${w ? 'w' : 'r'}${g}`) };
}

describe('FastTrack shadow state', () => {
  it('keeps ordered reads exclusive (an epoch, no clock)', () => {
    const s = new Shadow();
    const k = sink();
    read(s, 1, clock({ 1: 1 }), undefined, k);
    read(s, 2, clock({ 1: 1, 2: 1 }), undefined, k); // 2 saw 1's read
    expect(s.rG).toBe(2);
    expect(s.reads).toBeNull();
    expect(k.seen).toEqual([]);
  });

  it('inflates to a read clock only for concurrent reads, and deflates on the next write', () => {
    const s = new Shadow();
    const k = sink();
    read(s, 1, clock({ 1: 1 }), undefined, k);
    read(s, 2, clock({ 2: 1 }), undefined, k);
    expect(s.rG).toBe(SHARED);
    expect(s.reads?.toString()).toBe('[1:1, 2:1]');
    write(s, 3, clock({ 1: 1, 2: 1, 3: 1 }), undefined, k); // ordered after both
    expect(k.seen).toEqual([]);
    expect(s.rG).toBe(0);
    expect(s.reads).toBeNull();
  });

  it('reports every concurrent read of a shared read clock on a write', () => {
    const s = new Shadow();
    const k = sink();
    read(s, 1, clock({ 1: 1 }), undefined, k);
    read(s, 2, clock({ 2: 1 }), undefined, k);
    read(s, 4, clock({ 4: 1 }), undefined, k);
    write(s, 3, clock({ 2: 1, 3: 1 }), undefined, k); // saw only 2's read
    expect(k.seen).toEqual(['r1', 'r4']);
  });

  it('skips a repeated access in the same epoch (O(1), no check)', () => {
    const s = new Shadow();
    const k = sink();
    const c = clock({ 1: 3 });
    write(s, 1, c, { file: 'a.ts', line: 1, col: 1 }, k);
    write(s, 1, c, { file: 'a.ts', line: 2, col: 1 }, k);
    expect(s.wSite?.line).toBe(2); // the latest site of the epoch is kept for reports
    read(s, 1, c, undefined, k);
    read(s, 1, c, undefined, k);
    expect(k.seen).toEqual([]);
  });

  it('finds write-write, write-read and read-write conflicts', () => {
    const k = sink();
    const ww = new Shadow();
    write(ww, 1, clock({ 1: 1 }), undefined, k);
    write(ww, 2, clock({ 2: 1 }), undefined, k);
    const wr = new Shadow();
    write(wr, 1, clock({ 1: 1 }), undefined, k);
    read(wr, 2, clock({ 2: 1 }), undefined, k);
    const rw = new Shadow();
    read(rw, 1, clock({ 1: 1 }), undefined, k);
    write(rw, 2, clock({ 2: 1 }), undefined, k);
    expect(k.seen).toEqual(['w1', 'w1', 'r1']);
  });

  it('never reports concurrent reads', () => {
    const s = new Shadow();
    const k = sink();
    for (let g = 1; g <= 5; g++) read(s, g, clock({ [g]: 1 }), undefined, k);
    expect(k.seen).toEqual([]);
  });
});

describe('checkReads', () => {
  it('reports the recorded reads not ordered before a clock, and records nothing', () => {
    const s = new Shadow();
    const k = sink();
    read(s, 2, clock({ 2: 1 }), undefined, k);
    checkReads(s, clock({ 3: 1 }), k);
    checkReads(s, clock({ 2: 1, 3: 1 }), k);
    read(s, 4, clock({ 4: 1 }), undefined, k); // concurrent: inflates
    checkReads(s, clock({ 2: 1 }), k);
    expect(k.seen).toEqual(['r2', 'r4']);
    expect(s.wG).toBe(0);
  });
});
