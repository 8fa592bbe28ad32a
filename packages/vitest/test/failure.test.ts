/** The failing test's error: headline, report, command, and a stack at the user's line. */
import { describe, expect, it } from 'vitest';
import { failureError, failureMessage, locations, type FailureLike } from '../src/failure.ts';

const failure: FailureLike = {
  kind: 'leak',
  message: '1 goroutine leaked: goroutine 2 [chan receive]',
  text: [
    'leak: 1 goroutine still blocked after main returned',
    '',
    'goroutine 2 [chan receive]:',
    '    src/pool.ts:19:26',
    'created by goroutine 1 at src/pool.ts:18:3',
    '',
    'interleaving: 3 steps, 0 preemptions',
    '     1   g1 main          start      src/other.ts:1:1',
  ].join('\n'),
  goroutines: [2],
  replay: 'il1:il1.AwA',
  schedule: 4,
  preemptions: 1,
};
const ctx = { command: "npx interleave test a.spec.ts -t '^x$' --replay il1:il1.AwA", seed: 99, runSeed: 0, cwd: '/repo', budget: 50 };

describe('locations', () => {
  it('finds every file:line:col once, in order', () => {
    expect(locations(failure.text)).toEqual([
      { file: 'src/pool.ts', line: 19, col: 26 },
      { file: 'src/pool.ts', line: 18, col: 3 },
      { file: 'src/other.ts', line: 1, col: 1 },
    ]);
  });
});

describe('failureMessage', () => {
  it('has the headline, the whole report and the command', () => {
    const m = failureMessage(failure, ctx);
    expect(m.split('\n')[0]).toBe('interleave found a goroutine leak in schedule 4 of at most 50 (seed 99 from run seed 0, 1 preemption): 1 goroutine leaked: goroutine 2 [chan receive]');
    expect(m).toContain(failure.text);
    expect(m).toContain(`Replay it with:\n  ${ctx.command}\n`);
  });

  it('says when a token was replayed rather than explored', () => {
    const m = failureMessage({ ...failure, preemptions: undefined }, { ...ctx, replaying: true });
    expect(m.split('\n')[0]).toBe('interleave found a goroutine leak replaying the given schedule: 1 goroutine leaked: goroutine 2 [chan receive]');
  });

  it('adds a trace the report does not already contain', () => {
    expect(failureMessage({ ...failure, trace: 'step 1 g1 start' }, ctx)).toContain('\n\nstep 1 g1 start\n');
  });
});

describe('failureError', () => {
  it('has a stack of the report locations made absolute, without the interleaving', () => {
    const e = failureError(failure, ctx);
    expect(e.name).toBe('InterleaveError');
    const frames = (e.stack ?? '').split('\n').filter((l) => l.startsWith('    at '));
    expect(frames).toEqual(['    at /repo/src/pool.ts:19:26', '    at /repo/src/pool.ts:18:3']);
  });
});
