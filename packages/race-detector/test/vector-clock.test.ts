import { describe, expect, it } from 'vitest';
import { epochLeq, VectorClock } from '../src/vector-clock.ts';

function vc(entries: Record<number, number>): VectorClock {
  const c = new VectorClock();
  for (const [k, v] of Object.entries(entries)) c.set(Number(k), v);
  return c;
}

describe('VectorClock', () => {
  it('reads missing entries as 0 and grows on set', () => {
    const c = new VectorClock();
    expect(c.get(5)).toBe(0);
    c.set(5, 2);
    expect(c.get(5)).toBe(2);
    expect(c.get(3)).toBe(0);
    expect(c.size).toBe(6);
  });

  it('joins pointwise and only upwards', () => {
    const a = vc({ 1: 3, 2: 1 });
    a.join(vc({ 1: 2, 2: 4, 4: 1 }));
    expect(a.toString()).toBe('[1:3, 2:4, 4:1]');
  });

  it('orders clocks and names the witness when they are not ordered', () => {
    const a = vc({ 1: 1, 2: 2 });
    const b = vc({ 1: 1, 2: 3 });
    expect(a.leq(b)).toBe(true);
    expect(b.leq(a)).toBe(false);
    expect(b.firstAfter(a)).toBe(2);
    expect(vc({ 1: 1, 3: 1 }).firstAfter(b)).toBe(3);
  });

  it('copies independently and ticks its own entry', () => {
    const a = vc({ 2: 1 });
    const b = a.copy();
    b.tick(2);
    expect(a.get(2)).toBe(1);
    expect(b.get(2)).toBe(2);
  });

  it('compares an epoch with a clock in one lookup', () => {
    const c = vc({ 2: 5 });
    expect(epochLeq(2, 5, c)).toBe(true);
    expect(epochLeq(2, 6, c)).toBe(false);
    expect(epochLeq(3, 1, c)).toBe(false);
    expect(epochLeq(0, 0, c)).toBe(true);
  });
});
