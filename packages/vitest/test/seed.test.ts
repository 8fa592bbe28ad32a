/** FNV-1a and per-test seeds: known values, and independence from anything but the name. */
import { describe, expect, it } from 'vitest';
import { fnv1a, testSeed } from '../src/seed.ts';

describe('fnv1a', () => {
  it('matches the reference values of 32-bit FNV-1a', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('testSeed', () => {
  it('is an unsigned 32-bit integer that depends on the run seed and the full name', () => {
    const s = testSeed(0, 'pool > drains');
    expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
    expect(testSeed(0, 'pool > drains')).toBe(s);
    expect(testSeed(1, 'pool > drains')).not.toBe(s);
    expect(testSeed(0, 'pool > drain')).not.toBe(s);
  });

  it('does not confuse the run seed with the start of the name', () => {
    expect(testSeed(1, '2 x')).not.toBe(testSeed(12, ' x'));
  });
});
