/**
 * Every fixture of @interleave/fixtures under the default strategy (with the
 * fixture's `sharedState`, as the main job passes it): each
 * expected finding kind is found within 1,000 schedules (and is the first one
 * found), and clean fixtures stay clean for all 1,000.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtures } from '@interleave/fixtures';
import type { FindingKind } from '@interleave/core';
import { describe, expect, it } from 'vitest';
import { explore } from '../src/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('fixtures under the default strategy', () => {
  for (const f of fixtures) {
    it(`${f.name}: ${f.expect.length ? f.expect.join(', ') : 'clean'}`, async () => {
      // Several expected kinds: collect every failure; one: the first failure must be it.
      const all = f.expect.length > 1;
      const shared = f.sharedState === undefined ? {} : { sharedState: f.sharedState };
      const r = await explore(f.program, { schedules: 1000, race: f.race ?? false, stopOnFirstFailure: !all, shrink: false, root, ...shared });
      const failures = r.failures ?? (r.failure ? [r.failure] : []);
      const found = [...new Set(failures.map((x) => x.kind))].sort();
      const wanted: FindingKind[] = [...new Set(f.expect)].sort();
      const detail = failures.map((x) => `schedule ${x.schedule}: ${x.text}`).join('\n\n');
      expect(found, `${f.name}\n${detail}`).toEqual(wanted);
    }, 120_000);
  }
});
