/**
 * Determinism: the same program, options and seed give the same result, byte
 * for byte (JSON), within a process and across processes.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explore, type ExploreOptions } from '../src/index.ts';
import { lostUpdate3 } from './support/programs-core.ts';
import { lastzero } from './support/benchmarks.ts';

const here = dirname(fileURLToPath(import.meta.url));
const options: ExploreOptions[] = [
  { strategy: 'random', seed: 11, schedules: 300, stopOnFirstFailure: false },
  { strategy: 'pct', seed: 'abc', schedules: 300 },
  { seed: 5, schedules: 300 },
];

describe('determinism', () => {
  for (const o of options) {
    it(`same exploration twice, same JSON (${o.strategy ?? 'portfolio'})`, async () => {
      const a = JSON.stringify(await explore(lostUpdate3, o));
      const b = JSON.stringify(await explore(lostUpdate3, o));
      expect(a).toBe(b);
    });
  }

  it('exhaustive is deterministic too', async () => {
    const o: ExploreOptions = { strategy: 'exhaustive', schedules: 100 };
    expect(JSON.stringify(await explore(lastzero(4), o))).toBe(JSON.stringify(await explore(lastzero(4), o)));
  });

  it('same output in two separate processes', () => {
    const script = join(here, 'support', 'explore-once.ts');
    const tsx = join(here, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    const first = execFileSync(tsx, ['--conditions=@interleave/source', script], { encoding: 'utf8' });
    const second = execFileSync(tsx, ['--conditions=@interleave/source', script], { encoding: 'utf8' });
    expect(first.length).toBeGreaterThan(100);
    expect(second).toBe(first);
  });
});
