/** `interleave replay` accepts a token, FILE NAME TOKEN, or the printed command. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.ts';
import { replayArgs } from '../../src/cli/replay-command.ts';
import { withRun, type FailuresDocument } from '../../src/failures-file.ts';
import type { FailureEntry } from '../../src/summary.ts';

function entry(name: string, replay: string, file = 'p/a.spec.ts'): FailureEntry {
  return { file, name, seed: 1, runSeed: 0, command: 'npx …', args: [file, '-t', `^${name}$`, '--root', 'p', '--replay', replay], message: 'm', kind: 'race', replay };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-replay-'));
  let doc: FailuresDocument = { version: 2, failures: [], runs: [] };
  // Two runs: the second (a later CI run, or another shard) repeats x and adds y and two tests with one token.
  doc = withRun(doc, { time: 't1', failures: [entry('x', 'il1:il1.AAA')] });
  doc = withRun(doc, { time: 't2', failures: [entry('x', 'il1:il1.AAA'), entry('y', 'il1:il1.AAB'), entry('z', 'il1:il1.SAME'), entry('z', 'il1:il1.SAME', 'p/b.spec.ts')] });
  mkdirSync(join(dir, 'p/.interleave'), { recursive: true });
  writeFileSync(join(dir, 'p/.interleave/failures.json'), JSON.stringify(doc));
  return dir;
}

describe('replayArgs', () => {
  it('turns FILE NAME TOKEN into a filtered replay, the name as printed', () => {
    expect(replayArgs(['a.spec.ts', 'pool > drains (fast)', 'il1.x', '--root', 'p'], '/')).toEqual(['a.spec.ts', '-t', '^pool drains \\(fast\\)$', '--replay', 'il1.x', '--root', 'p']);
  });

  it('accepts the printed command pasted whole', () => {
    expect(replayArgs(['npx', 'interleave', 'test', 'a.spec.ts', '-t', '^x$', '--replay', 'il1.x'], '/')).toEqual(['a.spec.ts', '-t', '^x$', '--replay', 'il1.x']);
  });

  it('finds a token (or a unique prefix of it) in the last failures file', () => {
    const dir = workspace();
    expect(replayArgs(['il1:il1.AAB', '--root', 'p'], dir)).toEqual(['p/a.spec.ts', '-t', '^y$', '--root', 'p', '--replay', 'il1:il1.AAB']);
    expect(replayArgs(['--failures', 'p/.interleave/failures.json', 'il1:il1.AAA', '--reporter', 'dot'], dir)[2]).toBe('^x$');
    expect(() => replayArgs(['il1:il1.AA', '--root', 'p'], dir)).toThrow(/matches 2 tests/);
    expect(() => replayArgs(['il1:nope', '--root', 'p'], dir)).toThrow(/no failure with token/);
    expect(() => replayArgs(['il1.x'], dir)).toThrow(/run the tests first/);
  });

  it('keeps every run, and names the tests when one token fits several', () => {
    const dir = workspace();
    expect(replayArgs(['il1:il1.AAA', '--root', 'p'], dir)[2]).toBe('^x$');
    expect(() => replayArgs(['il1:il1.SAME', '--root', 'p'], dir)).toThrow(/matches 2 tests[\s\S]*interleave replay p\/a\.spec\.ts z il1:il1\.SAME\n {2}interleave replay p\/b\.spec\.ts z il1:il1\.SAME/);
    expect(replayArgs(['p/b.spec.ts', 'z', 'il1:il1.SAME'], dir)).toEqual(['p/b.spec.ts', '-t', '^z$', '--replay', 'il1:il1.SAME']);
  });

  it('rejects other shapes', () => {
    expect(() => replayArgs(['a', 'b'], '/')).toThrow(UsageError);
  });
});
