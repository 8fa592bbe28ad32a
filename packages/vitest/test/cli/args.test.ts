/** interleave's flags are taken out of the command line; everything else goes to vitest in order. */
import { describe, expect, it } from 'vitest';
import { flagsToEnv, parseArgs, UsageError } from '../../src/cli/args.ts';

describe('parseArgs', () => {
  it('takes our flags in both spellings and keeps the rest in order', () => {
    expect(parseArgs(['a.spec.ts', '--race', '--seed=3', '-t', '^x y$', '--schedules', '50', '--reporter', 'dot', '--replay', 'il1r:il1.x']))
      .toEqual({ flags: { race: true, seed: 3, schedules: 50, replay: 'il1r:il1.x' }, rest: ['a.spec.ts', '-t', '^x y$', '--reporter', 'dot'] });
  });

  it('passes everything after -- through untouched', () => {
    expect(parseArgs(['--', '--race']).rest).toEqual(['--', '--race']);
  });

  it('rejects near misses of its own flags, which vitest would silently ignore', () => {
    expect(() => parseArgs(['--rase'])).toThrow(/did you mean --race/);
    expect(() => parseArgs(['--rcae'])).toThrow('unknown flag --rcae: did you mean --race?');
    expect(() => parseArgs(['--schedlues=5'])).toThrow(/did you mean --schedules/);
    expect(() => parseArgs(['--schedule', '5'])).toThrow(/did you mean --schedules/);
    expect(() => parseArgs(['--seeds=1'])).toThrow(/did you mean --seed/);
    const vitestFlags = ['--reporter', '--sequence.seed', '--root', '--retry', '--run', '--standalone', '--silent', '--shard', '--pool', '--project', '--tags-filter'];
    expect(parseArgs(vitestFlags).rest).toEqual(vitestFlags);
  });

  it('takes --explore-shard I/N, which vitest\'s own --shard is not', () => {
    expect(parseArgs(['--explore-shard', '2/4', '--shard=1/3']).flags).toEqual({ exploreShard: '2/4' });
    expect(parseArgs(['--explore-shard=1/1']).flags).toEqual({ exploreShard: '1/1' });
    expect(parseArgs(['--shard=1/3']).rest).toEqual(['--shard=1/3']);
    expect(() => parseArgs(['--explore-shard', '3/2'])).toThrow('--explore-shard 3/2: expected I/N with 1 <= I <= N, such as 2/4');
    expect(() => parseArgs(['--explore-shard=0/2'])).toThrow(UsageError);
    expect(() => parseArgs(['--explore-shrad=1/2'])).toThrow('did you mean --explore-shard?');
  });

  it('rejects a missing or malformed value', () => {
    expect(() => parseArgs(['--seed'])).toThrow(UsageError);
    expect(() => parseArgs(['--schedules', '0'])).toThrow(/--schedules 0/);
  });
});

describe('flagsToEnv', () => {
  it('maps each flag to its INTERLEAVE_* variable', () => {
    expect(flagsToEnv({ race: false, seed: 0, schedules: 9, strategy: 'pct', replay: 'il1.x' })).toEqual({
      INTERLEAVE_COMMAND_LINE: '1', INTERLEAVE_RACE: '0', INTERLEAVE_SEED: '0', INTERLEAVE_SCHEDULES: '9', INTERLEAVE_STRATEGY: 'pct', INTERLEAVE_REPLAY: 'il1.x',
    });
    expect(flagsToEnv({ exploreShard: '2/4' })).toEqual({ INTERLEAVE_COMMAND_LINE: '1', INTERLEAVE_EXPLORE_SHARD: '2/4' });
  });
});
