/** `interleave replay` accepts a token, FILE NAME TOKEN, or the printed command. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.ts';
import { replayArgs } from '../../src/cli/replay-command.ts';
import type { FailuresDocument } from '../../src/summary.ts';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-replay-'));
  const doc: FailuresDocument = {
    version: 1,
    failures: [
      { file: 'p/a.spec.ts', name: 'x', seed: 1, runSeed: 0, command: 'npx …', args: ['p/a.spec.ts', '-t', '^x$', '--root', 'p', '--replay', 'il1:il1.AAA'], message: 'm', kind: 'leak', replay: 'il1:il1.AAA' },
      { file: 'p/a.spec.ts', name: 'y', seed: 2, runSeed: 0, command: 'npx …', args: ['p/a.spec.ts', '-t', '^y$', '--root', 'p', '--replay', 'il1:il1.AAB'], message: 'm', kind: 'race', replay: 'il1:il1.AAB' },
    ],
  };
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
    expect(() => replayArgs(['il1:il1.AA', '--root', 'p'], dir)).toThrow(/matches 2 failures/);
    expect(() => replayArgs(['il1:nope', '--root', 'p'], dir)).toThrow(/no failure with token/);
    expect(() => replayArgs(['il1.x'], dir)).toThrow(/run the tests first/);
  });

  it('rejects other shapes', () => {
    expect(() => replayArgs(['a', 'b'], '/')).toThrow(UsageError);
  });
});
