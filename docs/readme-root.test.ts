/**
 * The README's quick start, run as a contributor runs it: its `counter.test.ts`
 * block is copied to the repository root and run with `npx vitest run` from there
 * (the root config's `include` must find it). The copy is removed afterwards.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const block = /```ts counter\.test\.ts\n([\s\S]*?)```/.exec(readme);

describe('README quick start at the repository root', () => {
  it('runs as written with npx vitest run', async () => {
    expect(block, 'README.md has a ```ts counter.test.ts block').not.toBeNull();
    const file = path.join(root, 'counter.test.ts');
    expect(existsSync(file), 'a counter.test.ts is already at the root').toBe(false);
    writeFileSync(file, block![1]!);
    try {
      const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
      const { stdout } = await promisify(execFile)(process.execPath, [vitest, 'run', 'counter.test.ts'], {
        cwd: root,
        env: { ...process.env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
      });
      expect(stdout).toMatch(/Test Files\s+1 passed/);
    } finally {
      rmSync(file, { force: true });
    }
  }, 120_000);
});
