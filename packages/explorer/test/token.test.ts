/**
 * The user-facing replay token: core's schedule string plus flags.
 */
import { describe, expect, it } from 'vitest';
import { decodeToken, encodeToken, type ReplayToken } from '../src/index.ts';

describe('replay token', () => {
  const cases: ReplayToken[] = [
    { core: 'il1.AbC-_9', race: false, leaks: true, maxSteps: undefined },
    { core: 'il1.AbC', race: true, leaks: true, maxSteps: undefined },
    { core: 'il1.AbC', race: true, leaks: false, maxSteps: 500 },
    { core: 'il1.AbC', race: false, leaks: false, maxSteps: undefined },
    { core: 'il1.AbC', race: true, leaks: true, maxSteps: 500, timerWindowMs: 0 },
    { core: 'il1.AbC', race: false, leaks: true, maxSteps: undefined, timerWindowMs: 2.5 },
    { core: 'il1.AbC', race: false, leaks: true, maxSteps: undefined, followPromises: false },
    { core: 'il1.AbC', race: true, leaks: false, maxSteps: 500, timerWindowMs: 0, followPromises: false },
  ];
  for (const t of cases) {
    it(`round-trips ${encodeToken(t)}`, () => {
      expect(decodeToken(encodeToken(t))).toEqual(t);
    });
  }

  it('with default options the token is core\'s schedule itself', () => {
    expect(encodeToken({ core: 'il1.xyz', race: false, leaks: true, maxSteps: undefined })).toBe('il1.xyz');
  });

  it('ignores surrounding white space and rejects unknown flags', () => {
    expect(decodeToken('  il1.xyz:r \n').race).toBe(true);
    expect(() => decodeToken('il1.xyz:q')).toThrow(/unknown flags/);
  });
});
