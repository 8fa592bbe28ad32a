/**
 * The `interleave` command never surprises: help for each command without
 * running anything, the version, a typo of one of its flags rejected with a
 * suggestion, every bad input one line on stderr with a non-zero exit and no
 * stack, and a replay that matches no test
 * failing (the command line's `--schedules` is in test-api.test.ts, which owns the
 * api project: two vitest runs in one project root at once are not a user's case).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interleave, project, repo } from './helper.ts';

/** What a one-line error looks like: exactly one line on stderr, `interleave: …`, no stack frame. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('the interleave command', () => {
  it('prints the help of each command and runs nothing', async () => {
    for (const command of ['test', 'replay', 'explore']) {
      const { code, stdout, output } = await interleave([command, '--help', '--root', project('passing')]);
      expect(code, output).toBe(0);
      expect(stdout).toMatch(new RegExp(`^usage:\\n  interleave ${command} `));
      expect(output).not.toContain('RUN');
    }
    const version = (JSON.parse(readFileSync(resolve(repo, 'packages/vitest/package.json'), 'utf8')) as { version: string }).version;
    const v = await interleave(['--version']);
    expect([v.code, v.stdout.trim()]).toEqual([0, version]);
  });

  it('rejects a typo of its own flags with a suggestion', async () => {
    const { code, stderr } = await interleave(['test', '--rcae', '--root', project('passing')]);
    expect(code).toBe(2);
    expectOneLine(stderr, /^interleave: unknown flag --rcae: did you mean --race\? \(see interleave test --help\)$/);
  });

  it('says what is wrong with bad input in one line', async () => {
    // A module with a syntax error (written here: the repository's type check and lint would reject it).
    const dir = mkdtempSync(join(tmpdir(), 'interleave-bad-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'syntax-error.ts'), 'export const program = async () => {\n  // the value is missing\n  const x = ;\n};\n');
    const cases: [string[], RegExp][] = [
      [['explore', 'no/such/file.ts'], /^interleave: no such file: \S+no\/such\/file\.ts$/],
      [['explore', join(dir, 'syntax-error.ts')], /^interleave: cannot load \S+syntax-error\.ts: TransformError: \S+syntax-error\.ts:3:12: ERROR: Unexpected ";"$/],
      [['explore', `${project('explore')}/program.ts`, '--replay', 'garbage'], /^interleave: not a replay token \(expected it to start with "il1\."\): garbage$/],
      [['test', '--shard=3/2', '--root', project('passing')], /^interleave: --shard <index> must be a positive number less then <count>$/],
      [['test', '--schedules', 'many'], /^interleave: --schedules many: expected an integer of at least 1 \(see interleave test --help\)$/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await interleave(args);
      expect(code, stderr).not.toBe(0);
      expectOneLine(stderr, pattern);
    }
  });

  it('fails a replay whose file and name match no test', async () => {
    const root = project('passing');
    const { code, stderr } = await interleave(['replay', `${root}/passing.spec.ts`, 'no such test', 'il1.AwA', '--root', root]);
    expect(code).toBe(1);
    expect(stderr).toContain('interleave: --replay il1.AwA: no test ran (the file and -t name match no test)');
  });

  it('prints no replay command for a token that does not fit the test', async () => {
    const root = project('passing');
    const { code, output } = await interleave(['test', '--root', root, '-t', 'a goroutine hands', '--replay', 'il1.42DgYARBAA']);
    expect(code).toBe(1);
    expect(output).toContain('replay token does not fit the program');
    expect(output).not.toContain('Replay it with:');
    expect(output).not.toContain('replay: npx');
    expect(output).toContain('re-run: npx interleave test');
  });
});
