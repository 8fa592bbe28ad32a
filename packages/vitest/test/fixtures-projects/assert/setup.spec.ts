/**
 * State across schedules: a `vi.fn()` made in `setup` is fresh in every
 * schedule; one made at describe scope counts the calls of every schedule.
 */
import { WaitGroup } from '@interleave/core';
import { describe, expect, vi } from 'vitest';
import { test } from '@interleave/vitest';

let teardowns = 0;
let setups = 0;

describe('per-schedule setup', () => {
  test('a mock made in setup sees one schedule', {
    setup: () => { setups++; return { onJob: vi.fn<(n: number) => void>() }; },
    teardown: (state) => { teardowns++; state.onJob.mockReset(); },
  }, async ({ state }) => {
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) wg.go(async () => { state.onJob(i); });
    await wg.wait();
    expect(state.onJob).toHaveBeenCalledTimes(2);
  });

  test('ran setup and teardown once per schedule', async () => {
    expect(setups).toBeGreaterThan(1);
    expect(teardowns).toBe(setups);
  });

  const shared = vi.fn();
  test.fails('a mock made outside counts every schedule', async () => {
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) wg.go(async () => { shared(); });
    await wg.wait();
    expect(shared).toHaveBeenCalledTimes(2);
  });
});
