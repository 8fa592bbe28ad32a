/**
 * A user's project outside the repository, made the way a user makes one: every
 * public package packed with `pnpm pack` (its `prepack` builds it), the tarballs
 * installed with npm into a fresh folder under the system's temporary directory,
 * next to vitest, TypeScript (5.9 and the current 7.x) and @types/node from the
 * registry, then the files of fixtures-projects/installed copied in, and the
 * README's first test (its ```` ```ts counter.test.ts ```` block) written as it stands.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exec, project, repo, type Outcome } from './helper.ts';

/** The public packages, by folder under packages/. */
export const PUBLIC_PACKAGES = ['core', 'race-detector', 'explorer', 'vitest'] as const;

/** TypeScript releases the user's `tsc` is checked with: the 5.9 line and the current release. */
export const TYPESCRIPTS = { 'typescript': '~5.9.3', 'typescript-current': 'npm:typescript@^7.0.2' } as const;

export interface InstalledProject {
  /** The project folder (outside the repository). */
  dir: string;
  /** The packed tarballs, by package folder name. */
  tarballs: Record<(typeof PUBLIC_PACKAGES)[number], string>;
  /** Runs a command line in the project, as a user would type it in a shell there. */
  sh(command: string, env?: Record<string, string>): Promise<Outcome>;
  /** Deletes the project and the tarballs. */
  remove(): void;
}

/**
 * Packs, installs and lays out the project. Throws with npm's or pnpm's output
 * when a step fails.
 *
 * @example
 * ```ts
 * const p = await installedProject();
 * const { code } = await p.sh('npx vitest run');
 * p.remove();
 * ```
 */
export async function installedProject(): Promise<InstalledProject> {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-user-'));
  const packs = mkdtempSync(join(tmpdir(), 'interleave-packs-'));
  const sh = (command: string, env: Record<string, string> = {}, cwd = dir): Promise<Outcome> => exec('/bin/sh', ['-c', command], env, cwd);
  const must = async (what: string, command: string, cwd: string): Promise<void> => {
    const r = await sh(command, {}, cwd);
    if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}): ${command}\n${r.output}`);
  };

  for (const name of PUBLIC_PACKAGES) await must(`packing ${name}`, `${pnpm()} pack --pack-destination "${packs}"`, resolve(repo, 'packages', name));
  const files = readdirSync(packs);
  const tarballs = Object.fromEntries(
    PUBLIC_PACKAGES.map((name) => {
      const file = files.find((f) => f.startsWith(`interleave-${name}-`) && f.endsWith('.tgz'));
      if (!file) throw new Error(`no tarball for ${name} in ${files.join(', ')}`);
      return [name, join(packs, file)];
    }),
  ) as InstalledProject['tarballs'];

  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'interleave-user', private: true, type: 'module' }, null, 2)}\n`);
  const registry = [
    `vitest@${workspaceVersion('vitest')}`,
    `@types/node@${workspaceVersion('@types/node')}`,
    `fast-check@${workspaceVersion('fast-check')}`,
    ...Object.entries(TYPESCRIPTS).map(([alias, range]) => (alias === 'typescript' ? `typescript@${range}` : `${alias}@${range}`)),
  ];
  const install = ['npm', 'install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', ...PUBLIC_PACKAGES.map((n) => `"${tarballs[n]}"`), ...registry.map((s) => `'${s}'`)];
  await must('npm install', install.join(' '), dir);
  cpSync(resolve(repo, project('installed')), dir, { recursive: true });
  writeFileSync(join(dir, 'counter.test.ts'), readmeBlock('counter.test.ts'));

  return {
    dir,
    tarballs,
    sh: (command, env = {}) => sh(command, env),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(packs, { recursive: true, force: true });
    },
  };
}

/** The pnpm that runs this suite (`pnpm test` sets npm_execpath), else pnpm 10 through npx. */
function pnpm(): string {
  const execpath = process.env.npm_execpath;
  if (execpath && /pnpm/.test(execpath)) return `"${process.execPath}" "${execpath}"`;
  return 'npx -y pnpm@10';
}

/** The version of a dependency installed in the workspace, so the user's project tests the same one. */
function workspaceVersion(name: string): string {
  return (JSON.parse(readFileSync(resolve(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The README block fenced as ```` ```ts NAME ````. */
export function readmeBlock(name: string): string {
  const readme = readFileSync(resolve(repo, 'README.md'), 'utf8');
  const m = new RegExp(`\`\`\`ts ${name.replace(/\./g, '\\.')}\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!m?.[1]) throw new Error(`README.md has no \`\`\`ts ${name} block`);
  return m[1];
}
