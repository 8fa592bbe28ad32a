/** Options no exploration can honour are rejected before anything runs; the nearest valid ones run. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '@interleave/core';
import { explore, replay, type ExploreOptions } from '../src/index.ts';
import { lostUpdate } from './support/programs-core.ts';

describe('explore and replay check their arguments', () => {
  const cases: [ExploreOptions, ExploreOptions, string][] = [
    [{ maxSteps: -1 }, { maxSteps: 1 }, 'options.maxSteps must be a positive integer (or Infinity), got -1'],
    [{ maxPreemptions: -1 }, { maxPreemptions: 0 }, 'options.maxPreemptions must be a non-negative integer (or Infinity: no bound), got -1'],
    [{ timeBudgetMs: NaN }, { timeBudgetMs: 0 }, 'options.timeBudgetMs must be a non-negative number of milliseconds (or Infinity), got NaN'],
    [{ pctDepth: 0 }, { pctDepth: 1 }, 'options.pctDepth must be a positive integer, got 0'],
    [{ schedules: 2.5 }, { schedules: 2 }, 'options.schedules must be a non-negative integer (or Infinity), got 2.5'],
    [{ workers: 0 }, { workers: 1 }, 'options.workers must be a positive integer, got 0'],
    [{ workers: 2 }, { workers: 1 }, 'options.workers > 1 needs options.programModule: worker threads cannot receive a function, they import it.'],
  ];
  for (const [bad, good, message] of cases) {
    it(`${JSON.stringify(bad).replace('null', 'NaN')}: a UsageError naming the option; ${JSON.stringify(good)} explores`, async () => {
      await expect(explore(lostUpdate, { ...bad, schedules: bad.schedules ?? 2 })).rejects.toThrow(`interleave: explore(program, options): ${message}`);
      await expect(explore(lostUpdate, { ...bad, schedules: bad.schedules ?? 2 })).rejects.toThrow(UsageError);
      const r = await explore(lostUpdate, { schedules: 2, ...good });
      expect(r.schedules).toBeLessThanOrEqual(2);
    });
  }

  it('replay(program, 42): a UsageError naming the token parameter; a token string replays', async () => {
    await expect(replay(lostUpdate, 42 as unknown as string)).rejects.toThrow('interleave: replay(program, token): token must be a replay token (a string "il1.…"), got 42');
    const { failure } = await explore(lostUpdate);
    expect((await replay(lostUpdate, failure!.replay)).ok).toBe(false);
    await expect(replay(lostUpdate, failure!.replay, { maxSteps: 0 })).rejects.toThrow('options.maxSteps must be a positive integer (or Infinity), got 0');
  });
});
