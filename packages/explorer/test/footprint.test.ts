/**
 * The footprint (trace/footprint.ts) keeps a `Map`'s behaviour that the search
 * relies on: keys in first-touch order, a write wins over a read, `set` can take
 * a write back without moving the key, and look-ups stay right past the keys
 * kept inline and past the size at which it starts an index.
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS, END, Footprint, independent, union } from '../src/trace/footprint.ts';

const entries = (fp: Footprint): [number, boolean][] => [...fp];

describe('Footprint', () => {
  it('iterates in first-touch order, a write winning over a read', () => {
    const fp = new Footprint();
    fp.touch(5, false);
    fp.touch(CHANNELS, false);
    fp.touch(5, true);
    fp.touch(9, true);
    fp.touch(9, false);
    expect(entries(fp)).toEqual([[5, true], [CHANNELS, false], [9, true]]);
    expect(fp.size).toBe(3);
    expect(fp.get(9)).toBe(true);
    expect(fp.get(4)).toBeUndefined();
  });

  it('set takes a write back in place, as a Map does', () => {
    const keys = [1, 2, 3, 4];
    const fp = new Footprint(keys.map((k) => [k, true] as const));
    const map = new Map(keys.map((k) => [k, true]));
    for (const k of [3, 1]) {
      fp.set(k, false);
      map.set(k, false);
    }
    expect(entries(fp)).toEqual([...map]);
  });

  it('agrees with a Map on many keys (past its inline keys and its index threshold)', () => {
    const fp = new Footprint();
    const map = new Map<number, boolean>();
    for (let i = 0; i < 200; i++) {
      const key = ((i * 37) % 61) - 20;
      const write = i % 3 === 0;
      fp.touch(key, write);
      if (write) map.set(key, true);
      else if (!map.has(key)) map.set(key, false);
    }
    expect(entries(fp)).toEqual([...map]);
    for (let key = -25; key < 45; key++) expect(fp.get(key)).toBe(map.get(key));
  });

  it('independent and union read every key', () => {
    const many = new Footprint();
    for (let k = 1; k <= 20; k++) many.touch(k, false);
    expect(independent(many, new Footprint([[20, false]]))).toBe(true);
    expect(independent(many, new Footprint([[20, true]]))).toBe(false);
    expect(independent(new Footprint([[END, true]]), new Footprint())).toBe(false);
    const into = new Footprint([[20, false]]);
    union(into, new Footprint([[3, false], [20, true]]));
    expect(entries(into)).toEqual([[20, true], [3, false]]);
  });
});
