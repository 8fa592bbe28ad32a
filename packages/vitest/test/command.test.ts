/** The re-run command: names, escaping, quoting, --root, --race, --replay and --seed. */
import { describe, expect, it } from 'vitest';
import { escapeRegExp, namePath, replayCommand, shellQuote, testArgs } from '../src/command.ts';

describe('namePath', () => {
  it('lists describe names outermost first and skips unnamed suites', () => {
    expect(namePath({ name: 'test', suite: { name: 'inner', suite: { name: 'outer', suite: { name: '' } } } })).toEqual(['outer', 'inner', 'test']);
  });
});

describe('escapeRegExp', () => {
  it('escapes every metacharacter so the pattern matches the name literally', () => {
    const name = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p';
    expect(new RegExp(`^${escapeRegExp(name)}$`).test(name)).toBe(true);
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('src/a.spec.ts')).toBe('src/a.spec.ts');
    expect(shellQuote('il1r:il1.AbC-_9')).toBe('il1r:il1.AbC-_9');
    expect(shellQuote('^a b$')).toBe("'^a b$'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});

describe('replayCommand', () => {
  const base = { file: '/repo/pkg/a.spec.ts', names: ['pool', "won't (x)"], root: '/repo', cwd: '/repo', race: false };

  it('names the file relative to cwd and the test as an anchored, escaped pattern', () => {
    expect(replayCommand({ ...base, replay: 'il1.x' })).toBe("npx interleave test pkg/a.spec.ts -t '^pool won'\\''t \\(x\\)$' --replay il1.x");
  });

  it('adds --root when vitest ran elsewhere, and --race when it was on', () => {
    expect(testArgs({ ...base, root: '/repo/pkg', race: true, replay: 'il1.x' })).toEqual(['pkg/a.spec.ts', '-t', "^pool won't \\(x\\)$", '--root', 'pkg', '--race', '--replay', 'il1.x']);
  });

  it('re-runs with --seed when no token is given and the run seed is not 0', () => {
    expect(testArgs({ ...base, seed: 7 })).toContain('--seed');
    expect(testArgs({ ...base, seed: 0 })).not.toContain('--seed');
  });
});
