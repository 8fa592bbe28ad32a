/**
 * The integration is its own entry point: `@interleave/explorer/fast-check`
 * resolves through the package's exports map, and nothing the main entry loads
 * imports fast-check (an optional peer dependency).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('@interleave/explorer/fast-check', () => {
  it('resolves as a subpath export', async () => {
    const mod = await import('@interleave/explorer/fast-check');
    expect(Object.keys(mod).sort()).toEqual(
      ['InterleaveError', 'interleaveProperty', 'runSchedule', 'schedule', 'scheduleArbitrary', 'scheduleScheduler'],
    );
  });

  it('is the only part of the package that imports fast-check', () => {
    const importers = sources(src)
      .filter((f) => /from ['"]fast-check['"]|import\(['"]fast-check['"]\)/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(src, f).split('\\').join('/'));
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((f) => !f.startsWith('fast-check/'))).toEqual([]);
  });
});
