/** Settings: the environment's parsing and the precedence test > plugin > environment. */
import { describe, expect, it } from 'vitest';
import { readEnv, resolveSettings } from '../src/settings.ts';

describe('readEnv', () => {
  it('reads every INTERLEAVE_* variable', () => {
    expect(readEnv({ INTERLEAVE_RACE: '1', INTERLEAVE_SEED: '42', INTERLEAVE_SCHEDULES: '500', INTERLEAVE_STRATEGY: 'pct', INTERLEAVE_REPLAY: ' il1.x ' }))
      .toEqual({ race: true, seed: 42, schedules: 500, strategy: 'pct', replay: 'il1.x' });
    expect(readEnv({ INTERLEAVE_RACE: 'false' })).toEqual({ race: false });
    expect(readEnv({ INTERLEAVE_RACE: '' })).toEqual({});
    expect(readEnv({})).toEqual({});
  });

  it('rejects malformed values, naming the variable', () => {
    expect(() => readEnv({ INTERLEAVE_RACE: 'maybe' })).toThrow(/INTERLEAVE_RACE=maybe/);
    expect(() => readEnv({ INTERLEAVE_SEED: '1.5' })).toThrow(/INTERLEAVE_SEED/);
    expect(() => readEnv({ INTERLEAVE_SCHEDULES: '0' })).toThrow(/INTERLEAVE_SCHEDULES/);
    expect(() => readEnv({ INTERLEAVE_STRATEGY: 'dfs' })).toThrow(/random, pct, exhaustive/);
    expect(() => readEnv({ INTERLEAVE_EXPLORE_SHARD: '5/4' })).toThrow('INTERLEAVE_EXPLORE_SHARD=5/4: expected I/N with 1 <= I <= N');
  });

  it('reads the machine\'s explore shard, which only the environment sets', () => {
    const env = readEnv({ INTERLEAVE_EXPLORE_SHARD: '2/4' });
    expect(env).toEqual({ exploreShard: { index: 2, count: 4 } });
    expect(resolveSettings({ schedules: 10 }, {}, env)).toEqual({ schedules: 10, runSeed: 0, exploreShard: { index: 2, count: 4 } });
  });
});

describe('resolveSettings', () => {
  it('takes each field from the test, else the plugin, else the environment', () => {
    const s = resolveSettings({ schedules: 10 }, { schedules: 100, race: true, timeout: 9 }, { schedules: 1000, race: false, seed: 3, strategy: 'random' });
    expect(s).toEqual({ schedules: 10, race: true, runSeed: 3, strategy: 'random', timeout: 9 });
  });

  it('lets the command line (INTERLEAVE_COMMAND_LINE=1) win over the test and the plugin', () => {
    const env = readEnv({ INTERLEAVE_SCHEDULES: '7', INTERLEAVE_COMMAND_LINE: '1' });
    expect(resolveSettings({ schedules: 10, strategy: 'pct' }, { schedules: 100 }, env)).toMatchObject({ schedules: 7, strategy: 'pct' });
    expect(resolveSettings({ schedules: 10 }, {}, readEnv({ INTERLEAVE_SCHEDULES: '7' })).schedules).toBe(10);
  });

  it('passes followPromises from the test, else the plugin', () => {
    expect(resolveSettings({ followPromises: false }, { followPromises: true }).followPromises).toBe(false);
    expect(resolveSettings({}, { followPromises: true }).followPromises).toBe(true);
    expect(resolveSettings({}, {}).followPromises).toBeUndefined();
  });

  it('passes timerWindowMs from the test, else the plugin', () => {
    expect(resolveSettings({ timerWindowMs: 0 }, { timerWindowMs: 5 }).timerWindowMs).toBe(0);
    expect(resolveSettings({}, { timerWindowMs: 5 }).timerWindowMs).toBe(5);
    expect(resolveSettings({}, {}).timerWindowMs).toBeUndefined();
  });

  it('passes sharedState from the test, else the plugin', () => {
    expect(resolveSettings({ sharedState: 'objects' }, { sharedState: 'anywhere' }).sharedState).toBe('objects');
    expect(resolveSettings({}, { sharedState: 'objects' }).sharedState).toBe('objects');
    expect(resolveSettings({}, {}).sharedState).toBeUndefined();
  });

  it('lets an explicit false win over a lower level', () => {
    expect(resolveSettings({ race: false }, {}, { race: true }).race).toBe(false);
  });

  it('defaults the run seed to 0 and carries the replay token', () => {
    expect(resolveSettings(undefined, { announce: false }, { replay: 'il1.x' })).toEqual({ runSeed: 0, replay: 'il1.x' });
  });
});
