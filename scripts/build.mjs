#!/usr/bin/env node
/**
 * `pnpm build`: compiles every public package to `dist/` (ESM JavaScript, `.d.ts`
 * declarations, source maps with their sources inlined) with TypeScript's own
 * build mode over the project references of tsconfig.build.json, then gives the
 * declarations `.js` import paths.
 *
 * Why tsc and not a bundler: the packages ship one file per source file, so stack
 * traces, source maps and the declarations keep the sources' shape, and the build
 * needs nothing beyond the compiler the repository already type-checks with.
 * `rewriteRelativeImportExtensions` turns the sources' `./x.ts` imports into
 * `./x.js` in the JavaScript, but tsc leaves them as `./x.ts` in declarations
 * (microsoft/TypeScript#61037); the second step rewrites those.
 *
 * Runs with plain Node (no tsx): `prepack` and `pnpm install` (root `prepare`) call it.
 * Usage: node scripts/build.mjs [--clean]
 */
import console from 'node:console';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['core', 'race-detector', 'explorer', 'vitest'];

if (process.argv.includes('--clean')) {
  for (const p of packages) rmSync(join(root, 'packages', p, 'dist'), { recursive: true, force: true });
}

const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
const built = spawnSync(process.execPath, [tsc, '-b', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

/** `from './x.ts'`, `import('./x.ts')`, `export * from "../y.ts"`: relative specifiers ending in .ts. */
const relativeTs = /((?:from|import)\s*\(?\s*)(['"])(\.\.?\/[^'"]*?)\.ts\2/g;
let rewritten = 0;
for (const p of packages) {
  for (const file of walk(join(root, 'packages', p, 'dist'))) {
    if (!file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const next = text.replace(relativeTs, (_m, head, q, path) => `${head}${q}${path}.js${q}`);
    if (next !== text) {
      writeFileSync(file, next);
      rewritten++;
    }
  }
}
console.log(`build: ${packages.length} packages compiled; ${rewritten} declaration files given .js import paths`);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
