/** The summary reporter: failed interleave tests only, JSON always, annotations in GitHub Actions. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import { collectFailures, InterleaveReporter } from '../src/reporter.ts';
import type { InterleaveMeta } from '../src/types.ts';

function meta(name: string, kind?: 'deadlock'): InterleaveMeta {
  const m: InterleaveMeta = { seed: 1, runSeed: 0, file: 'a.spec.ts', name, command: `npx interleave test a.spec.ts -t '^${name}$'`, args: [] };
  return kind ? { ...m, kind, message: 'all goroutines are asleep - deadlock!', replay: 'il1.x', schedule: 2, location: 'a.spec.ts:3:4' } : m;
}

/** Test cases as a reporter sees them: meta() and result() are all it reads. */
function modules(cases: { meta: object; state: 'passed' | 'failed'; error?: string }[]): TestModule[] {
  const tests = cases.map((c) => ({
    meta: () => c.meta,
    result: () => (c.state === 'failed' ? { state: 'failed', errors: [{ message: c.error ?? 'boom' }] } : { state: 'passed', errors: undefined }),
  }));
  return [{ children: { allTests: () => tests.values() } } as unknown as TestModule];
}

const sample = modules([
  { meta: { interleave: meta('ok') }, state: 'passed' },
  { meta: {}, state: 'failed' },
  { meta: { interleave: meta('dl', 'deadlock') }, state: 'failed' },
  { meta: { interleave: meta('slow') }, state: 'failed', error: 'Test timed out in 5000ms.' },
]);

describe('collectFailures', () => {
  it('keeps failed interleave tests, with the test error when there is no finding', () => {
    expect(collectFailures(sample).map((e) => [e.name, e.kind, e.message])).toEqual([
      ['dl', 'deadlock', 'all goroutines are asleep - deadlock!'],
      ['slow', undefined, 'Test timed out in 5000ms.'],
    ]);
  });
});

describe('InterleaveReporter', () => {
  function runReporter(env: Record<string, string>): { lines: string[]; json: unknown } {
    const root = mkdtempSync(join(tmpdir(), 'interleave-reporter-'));
    const lines: string[] = [];
    const reporter = new InterleaveReporter({ outputFile: 'out/f.json', write: (t) => lines.push(t), color: false, env });
    reporter.onInit({ config: { root } } as unknown as Vitest);
    reporter.onTestRunEnd(sample);
    return { lines, json: JSON.parse(readFileSync(join(root, 'out/f.json'), 'utf8')) };
  }

  it('writes the JSON file and prints the list', () => {
    const { lines, json } = runReporter({});
    expect(json).toMatchObject({ version: 1, failures: [{ name: 'dl', kind: 'deadlock' }, { name: 'slow' }] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('interleave: 2 failing concurrency tests');
  });

  it('adds annotations in GitHub Actions', () => {
    const { lines } = runReporter({ GITHUB_ACTIONS: 'true' });
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^::error file=a\.spec\.ts,line=3,col=4,title=interleave deadlock%3A dl::all goroutines/),
      expect.stringMatching(/^::error file=a\.spec\.ts,title=interleave failure%3A slow::Test timed out/),
    ]);
  });
});
