/**
 * vitest's test API on interleave tests, under real vitest with the JSON
 * reporter on stdout: every chain and the context work, concurrent tests in
 * one worker queue their explorations, and the JSON stays valid (interleave's
 * lines go to stderr then).
 */
import { describe, expect, it } from 'vitest';
import { interleave, project, vitest } from './helper.ts';

const root = project('api');

interface JsonReport {
  success: boolean;
  numFailedTests: number;
  testResults: { assertionResults: { fullName: string; status: string }[] }[];
}

describe('the test API', () => {
  it('runs every chain as vitest does, and the JSON report parses', async () => {
    const { code, stdout, stderr } = await vitest(root, ['--reporter=json']);
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    const status = Object.fromEntries(report.testResults.flatMap((f) => f.assertionResults).map((t) => [t.fullName, t.status]));
    expect(status).toEqual({
      'each adds 1 + 2 = 3': 'passed',
      'each adds 2 + 3 = 5': 'passed',
      'each hands 4 over': 'passed',
      'each hands 5 over': 'passed',
      'each template row 1': 'passed',
      'for row 1 is one': 'passed',
      'for row 2 is two': 'passed',
      'modifiers skipped': 'skipped',
      'modifiers todo': 'todo',
      'modifiers fails as expected': 'passed',
      'modifiers skipIf true is skipped': 'skipped',
      'modifiers skipIf false runs': 'passed',
      'modifiers runIf false is skipped': 'skipped',
      'modifiers runIf true runs': 'passed',
      'modifiers chained concurrent each 1': 'passed',
      'modifiers chained concurrent each 2': 'passed',
      'context gets task, signal, expect, annotate and onTestFinished': 'passed',
      'context takes vitest options first': 'passed',
      'fixtures a fixture reaches the body': 'passed',
      'fixtures a builder fixture too': 'passed',
      'fixtures fixtures in .for a': 'passed',
      'fixtures fixtures in .for b': 'passed',
      'started together counter 1 counts to 1': 'passed',
      'started together counter 2 counts to 2': 'passed',
      'started together counter 3 counts to 3': 'passed',
      'started together counter 4 counts to 4': 'passed',
      'started together a hand-off': 'passed',
      'the only one': 'passed',
      'skipped by only': 'skipped',
    });
    expect(stderr).toMatch(/\[interleave\] 24 tests: \d+ schedules explored, \d+ of 24 complete/);
    expect(stderr).not.toContain('another run is in progress');
  });

  it('prints what each test covered, once, with --reporter=verbose', async () => {
    const { code, output } = await vitest(root, ['--reporter=verbose', 'concurrent.spec.ts']);
    expect(code, output).toBe(0);
    const lines = output.split('\n').filter((l) => l.startsWith('[interleave] ✓'));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\[interleave\] ✓ \S+concurrent\.spec\.ts > started together > counter 1 counts to 1: \d+ schedules, complete \(\d+ classes, assuming plain JavaScript state may be shared between goroutines\); seed \d+ \(run seed 0\)$/);
    expect(output).toMatch(/counter 4 counts to 4: 30 schedules, not complete \(\d+ classes seen\)/);
    expect(output.match(/seed \d+ \(run seed 0\)/g)).toHaveLength(5);
  });

  it('lets --schedules on the command line win over the plugin and the test', async () => {
    const { code, output } = await interleave(['test', '--schedules', '7', '--root', root, 'concurrent.spec.ts', '--reporter=verbose']);
    expect(code, output).toBe(0);
    expect(output).toMatch(/counter 4 counts to 4: 7 schedules, not complete/);
  });
});
