/**
 * interleave as a user gets it: the packed tarballs installed with npm into a
 * fresh project outside the repository (see installed-project.ts), then used
 * there with plain `npx vitest`, `npx interleave`, `tsc` and `node`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec, repo } from './helper.ts';
import { installedProject, PUBLIC_PACKAGES, TYPESCRIPTS, type InstalledProject } from './installed-project.ts';

let user: InstalledProject;

beforeAll(async () => {
  user = await installedProject();
}, 400_000);

afterAll(() => user?.remove());

describe('the tarballs', () => {
  it.each(PUBLIC_PACKAGES)('%s holds the build, its declarations, README, LICENSE and CHANGELOG, and nothing else', async (name) => {
    const { code, output } = await exec('tar', ['tzf', user.tarballs[name]]);
    expect(code, output).toBe(0);
    const files = output.split('\n').map((f) => f.trim()).filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map']) expect(files).toContain(f);
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/.+\.(js|d\.ts|js\.map)|bin\/interleave\.mjs)$/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|tests|__tests__|fixtures)\/|\.(test|spec)\.|\.interleave|node_modules/.test(f))).toEqual([]);
  });

  it('declare their imports with .js paths', () => {
    const index = readFileSync(resolve(user.dir, 'node_modules/@interleave/core/dist/index.d.ts'), 'utf8');
    expect(index).toMatch(/from '\.\/runtime\/run\.js'/);
    expect(index).not.toMatch(/from '\.[^']*\.ts'/);
  });
});

describe('plain vitest in the user project', () => {
  it("runs the README's first test as written: passes with `npx vitest run`, fails with the race detector on", async () => {
    const off = await user.sh('npx vitest run counter.test.ts');
    expect(off.code, off.output).toBe(0);
    expect(off.output).toMatch(/Tests\s+1 passed/);
    const on = await user.sh('npx vitest run counter.test.ts', { INTERLEAVE_RACE: '1' });
    expect(on.code, on.output).toBe(1);
    expect(on.output).toContain('WARNING: DATA RACE');
    expect(on.output).toContain('data race on processed');
    expect(on.output).toMatch(/npx interleave test counter\.test\.ts -t '\^workers hand results back\$' --race --replay \S+/);
  });

  it('passes a passing interleave test with `npx vitest run`', async () => {
    const { code, output } = await user.sh('npx vitest run passing.spec.ts');
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+1 passed/);
  });

  it('runs under `npx vitest` in watch mode', async () => {
    const output = await untilOutput(user.dir, 'npx vitest --watch passing.spec.ts', /Tests\s+1 passed[\s\S]*(Waiting for file changes|PASS)/);
    expect(output).toMatch(/Tests\s+1 passed/);
  });

  it('passes a racy test without the race switch, fails it with INTERLEAVE_RACE=1, and its printed command replays the race', async () => {
    const off = await user.sh('npx vitest run racy.spec.ts');
    expect(off.code, off.output).toBe(0);

    const on = await user.sh('npx vitest run racy.spec.ts', { INTERLEAVE_RACE: '1' });
    expect(on.code, on.output).toBe(1);
    expect(on.output).toContain('WARNING: DATA RACE');
    expect(on.output).toContain('data race on hits');
    const command = /Replay it with:\n\s+(npx interleave test .+)/.exec(on.output)?.[1]?.trim();
    expect(command).toMatch(/^npx interleave test racy\.spec\.ts -t '\^counts every hit\$' --race --replay \S+$/);

    const again = await user.sh(command!);
    expect(again.code, again.output).toBe(1);
    expect(again.output).toContain('interleave found a data race replaying the given schedule');
    expect(again.output).toContain('WARNING: DATA RACE');

    const token = /--replay (\S+)$/.exec(command!)?.[1] ?? '';
    const byEnv = await user.sh(`npx vitest run racy.spec.ts -t 'counts every hit'`, { INTERLEAVE_RACE: '1', INTERLEAVE_REPLAY: token });
    expect(byEnv.code, byEnv.output).toBe(1);
    expect(byEnv.output).toContain('interleave found a data race replaying the given schedule');
  });

  it('fails an AB-BA locking test with a deadlock report', async () => {
    const { code, output } = await user.sh('npx vitest run abba.spec.ts');
    expect(code, output).toBe(1);
    expect(output).toContain('all goroutines are asleep - deadlock!');
    expect(output).toContain('[sync.Mutex.Lock]');
    expect(output).toContain('abba.spec.ts:');
  });
});

describe('the interleave bin in the user project', () => {
  it('prints its version', async () => {
    const { code, output } = await user.sh('npx interleave --version');
    expect(code, output).toBe(0);
    const { version } = JSON.parse(readFileSync(resolve(repo, 'packages/vitest/package.json'), 'utf8')) as { version: string };
    expect(output.trim()).toBe(version);
  });
});

describe("the user's strict tsc", () => {
  const compilers = Object.keys(TYPESCRIPTS).map((alias) => [alias, `node node_modules/${alias}/bin/tsc`] as const);
  const cases = compilers.flatMap(([alias, tsc]) => ['nodenext', 'bundler'].map((resolution) => [alias, resolution, tsc] as const));

  it.each(cases)('%s, moduleResolution %s: no error in our declarations or in code using them', async (alias, resolution, tsc) => {
    const version = await user.sh(`${tsc} --version`);
    expect(version.output).toMatch(alias === 'typescript' ? /Version 5\.9\./ : /Version 7\./);
    const { code, output } = await user.sh(`${tsc} -p tsconfig.${resolution}.json`);
    expect(output.trim()).toBe('');
    expect(code).toBe(0);
  });
});

describe('production mode in a plain node script', () => {
  it('runs a worker pool with a context timeout and an ErrGroup and prints its result', async (ctx) => {
    // Production mode is core's (API.md: every primitive works outside a run). A core
    // that does not have it yet throws its UsageError: the test waits for it, skipped.
    const probe = await user.sh(`node --input-type=module -e "import { context } from '@interleave/core'; context.background();"`);
    if (probe.code !== 0 && probe.output.includes('called outside run()')) ctx.skip('this @interleave/core has no production mode yet');
    const { code, output } = await user.sh('node production.mjs');
    expect(code, output).toBe(0);
    expect(JSON.parse(output.trim())).toEqual({ pages: ['fetched /a', 'fetched /b', 'fetched /c'], err: 'context deadline exceeded' });
  });
});

/** Starts a long-running command (vitest's watch mode), waits until its output matches, then stops it. */
function untilOutput(cwd: string, command: string, pattern: RegExp): Promise<string> {
  return new Promise((done, fail) => {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('VITEST') || k.startsWith('npm_') || k === 'CI') delete env[k];
    const child = spawn('/bin/sh', ['-c', `exec ${command}`], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let output = '';
    const stop = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      stop();
      fail(new Error(`no match for ${pattern} within 120 s:\n${output}`));
    }, 120_000);
    const onData = (d: Buffer): void => {
      // eslint-disable-next-line no-control-regex
      output += d.toString().replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
      if (pattern.test(output)) {
        clearTimeout(timer);
        stop();
        done(output);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
  });
}
