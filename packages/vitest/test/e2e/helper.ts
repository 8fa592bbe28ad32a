/**
 * The one way the end-to-end tests run things: a child process of real vitest
 * (`vitest run --root <project>`) or of the `interleave` bin, started in the
 * repository root, with output captured (ANSI codes stripped) and a generous
 * time limit. The child gets the parent's environment minus vitest's own and
 * interleave's variables, plus what the test passes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FailuresDocument } from '../../src/failures-file.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root: every child runs there, as a user would. */
export const repo = resolve(here, '../../../..');
export const bin = resolve(repo, 'packages/vitest/bin/interleave.mjs');
const vitestBin = resolve(repo, 'node_modules/vitest/vitest.mjs');

/** A fixture project's folder, relative to the repository root. */
export const project = (name: string): string => `packages/vitest/test/fixtures-projects/${name}`;

/** What a child process did. */
export interface Outcome {
  code: number | null;
  /** stdout then stderr, without colour codes. */
  output: string;
  /** Each stream alone, without colour codes. */
  stdout: string;
  stderr: string;
}

const LIMIT_MS = 150_000;

/**
 * Runs a command line, in the repository root unless `cwd` says otherwise.
 *
 * @example
 * ```ts
 * const { code, output } = await exec('node', [bin, 'test', '--root', project('racy')]);
 * ```
 */
export function exec(command: string, args: readonly string[], env: Record<string, string> = {}, cwd = repo): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output: stripAnsi(`${stdout}\n${stderr}`), stdout: stripAnsi(stdout), stderr: stripAnsi(stderr) });
    });
  });
}

/**
 * Real vitest on a fixture project, as plain `vitest run` with no flag: the
 * project's config and tests load the packages' build (`pnpm test` builds first).
 *
 * @example
 * ```ts
 * await vitest(project('passing'));
 * ```
 */
export function vitest(root: string, args: readonly string[] = [], env: Record<string, string> = {}): Promise<Outcome> {
  return exec(process.execPath, [vitestBin, 'run', '--root', root, ...args], env);
}

/**
 * The `interleave` bin.
 *
 * @example
 * ```ts
 * await interleave(['test', '--race', '--root', project('racy')]);
 * ```
 */
export function interleave(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return exec(process.execPath, [bin, ...args], env);
}

/**
 * Runs a printed command through the shell, as pasted: `npx interleave` becomes
 * this checkout's bin.
 *
 * @example
 * ```ts
 * await paste("npx interleave test a.spec.ts -t '^x$' --replay il1.x");
 * ```
 */
export function paste(command: string): Promise<Outcome> {
  if (!command.startsWith('npx interleave ')) throw new Error(`not an interleave command: ${command}`);
  return exec('/bin/sh', ['-c', `"${process.execPath}" "${bin}" ${command.slice('npx interleave '.length)}`]);
}

/**
 * The replay commands a run printed under "Replay it with:", in order.
 *
 * @example
 * ```ts
 * const [command] = replayCommands(output);
 * ```
 */
export function replayCommands(output: string): string[] {
  return [...output.matchAll(/Replay it with:\n\s+(npx interleave test .+)/g)].map((m) => (m[1] ?? '').trim());
}

/**
 * The failures file a project's last run wrote.
 *
 * @example
 * ```ts
 * readFailures(project('broken')).failures.length;
 * ```
 */
export function readFailures(root: string): FailuresDocument {
  return JSON.parse(readFileSync(failuresPath(root), 'utf8')) as FailuresDocument;
}

/** Deletes a project's failures file, so a test sees only what its own run wrote. */
export function clearFailures(root: string): void {
  const file = failuresPath(root);
  if (existsSync(file)) rmSync(file);
}

function failuresPath(root: string): string {
  return resolve(repo, root, '.interleave/failures.json');
}

function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('VITEST') || k.startsWith('INTERLEAVE_') || k === 'GITHUB_ACTIONS' || k === 'NODE_ENV') continue;
    // What pnpm sets for the scripts it runs (npm_config_*, npm_execpath, ...) would steer a child's npm.
    if (k.startsWith('npm_') || k.startsWith('PNPM_')) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
