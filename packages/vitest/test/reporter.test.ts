/**
 * The summary reporter: totals (or one line per test), failed interleave tests,
 * every run kept in the JSON file (none added by a replay), annotations in
 * GitHub Actions unless vitest's own reporter makes them.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import { collectFailures, InterleaveReporter } from '../src/reporter.ts';
import type { InterleaveMeta } from '../src/types.ts';

function meta(name: string, kind?: 'deadlock'): InterleaveMeta {
  const m: InterleaveMeta = { seed: 1, runSeed: 0, file: 'a.spec.ts', name, command: `npx interleave test a.spec.ts -t '^${name}$'`, args: [] };
  return kind ? { ...m, kind, message: 'all goroutines are asleep - deadlock!', replay: 'il1.x', schedule: 2, location: 'a.spec.ts:3:4', timeline: `.interleave/timelines/a.spec.ts--${name}.html` } : m;
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
  { meta: { interleave: { ...meta('ok'), coverage: { schedules: 30, complete: true, classes: 6 } } }, state: 'passed' },
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
  interface Run { lines: string[]; json: unknown }
  function runReporter(env: Record<string, string>, options: { reporters?: unknown[]; announce?: boolean; root?: string; times?: number } = {}): Run {
    const root = options.root ?? mkdtempSync(join(tmpdir(), 'interleave-reporter-'));
    const lines: string[] = [];
    const reporter = new InterleaveReporter({ outputFile: 'out/f.json', write: (t) => lines.push(t), color: false, env, ...(options.announce === undefined ? {} : { announce: options.announce }) });
    reporter.onInit({ config: { root, reporters: options.reporters ?? [['default', {}]] } } as unknown as Vitest);
    for (let i = 0; i < (options.times ?? 1); i++) reporter.onTestRunEnd(sample);
    return { lines, json: JSON.parse(readFileSync(join(root, 'out/f.json'), 'utf8')) };
  }

  it('prints the totals and the failures, and adds the run to the JSON file', () => {
    const { lines, json } = runReporter({});
    expect(json).toMatchObject({ version: 2, failures: [{ name: 'dl', kind: 'deadlock' }, { name: 'slow' }], runs: [{ id: 'run-1', failures: [{ name: 'dl' }, { name: 'slow' }] }] });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('[interleave] 3 tests: 30 schedules explored, 1 of 3 complete');
    expect(lines[1]).toContain('interleave: 2 failing concurrency tests');
    expect(lines[1]).toContain('seed 1 (run seed 0)');
  });

  it('keeps every run, and a replay adds none', () => {
    const root = mkdtempSync(join(tmpdir(), 'interleave-reporter-'));
    runReporter({}, { root, times: 2 });
    const { json, lines } = runReporter({ INTERLEAVE_REPLAY: 'il1.x' }, { root });
    expect((json as { runs: { id: string; time: string }[] }).runs.map((r) => r.id)).toEqual(['run-1', 'run-2']);
    expect((json as { runs: { time: string }[] }).runs[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(lines[1]).toContain('(a replay: the failures file is left as it was)');
  });

  it('prints one line per test with the verbose reporter', () => {
    const { lines } = runReporter({}, { reporters: [['verbose', {}]] });
    expect(lines[0]?.split('\n')).toEqual([
      '[interleave] ✓ a.spec.ts > ok: 30 schedules, complete (6 classes); seed 1 (run seed 0)',
      '[interleave] ✗ a.spec.ts > dl: stopped before the end; seed 1 (run seed 0)',
      '[interleave] ✗ a.spec.ts > slow: stopped before the end; seed 1 (run seed 0)',
      '[interleave] 3 tests: 30 schedules explored, 1 of 3 complete',
    ]);
  });

  it('adds annotations in GitHub Actions, unless vitest annotates, and a notice per timeline page either way', () => {
    const notice = '::notice file=a.spec.ts,line=3,col=4,title=interleave timeline%3A dl::.interleave/timelines/a.spec.ts--dl.html';
    const { lines } = runReporter({ GITHUB_ACTIONS: 'true' });
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^::error file=a\.spec\.ts,line=3,col=4,title=interleave deadlock%3A dl::all goroutines/),
      expect.stringMatching(/^::error file=a\.spec\.ts,title=interleave failure%3A slow::Test timed out/),
      notice,
    ]);
    // vitest's github-actions reporter makes the errors; it drops the page's annotation (no line in the test file).
    expect(runReporter({ GITHUB_ACTIONS: 'true' }, { reporters: [['default', {}], ['github-actions', {}]] }).lines.slice(2)).toEqual([notice]);
    expect(runReporter({}).lines.some((l) => l.startsWith('::'))).toBe(false);
  });
});
