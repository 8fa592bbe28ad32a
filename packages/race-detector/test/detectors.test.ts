import { describe, expect, it } from 'vitest';
import { DeadlockMonitor, detectors, LockOrderMonitor, RaceMonitor } from '../src/index.ts';

describe('detectors()', () => {
  it('makes a fresh monitor of each kind on every call of each factory', () => {
    const factories = detectors();
    const first = factories.map((f) => f());
    const second = factories.map((f) => f());
    expect(first[0]).toBeInstanceOf(RaceMonitor);
    expect(first[1]).toBeInstanceOf(LockOrderMonitor);
    expect(first[2]).toBeInstanceOf(DeadlockMonitor);
    first.forEach((m, i) => expect(m).not.toBe(second[i]));
  });

  it('leaves out the detectors turned off', () => {
    const only = detectors({ race: false, deadlocks: false }).map((f) => f());
    expect(only).toHaveLength(1);
    expect(only[0]).toBeInstanceOf(LockOrderMonitor);
  });
});
