/**
 * A suite of clean interleave tests passes under plain `vitest run` with the
 * plugin: the summary says what was explored, with `--reporter=verbose` one
 * line per test (its coverage, seed and re-run), and the failures file gets a
 * run with no failures in it.
 */
import { describe, expect, it } from 'vitest';
import { clearFailures, project, readFailures, vitest } from './helper.ts';

const root = project('passing');

describe('a passing suite', () => {
  it('passes, prints the totals, and adds an empty run to the failures file', async () => {
    clearFailures(root);
    const { code, output } = await vitest(root);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+2 passed/);
    expect(output).toMatch(/^\[interleave\] 2 tests: \d+ schedules explored, \d of 2 complete$/m);
    expect(output).not.toMatch(/seed \d+/);
    expect(readFailures(root)).toMatchObject({ version: 2, failures: [], runs: [{ id: 'run-1', failures: [] }] });
  });

  it('prints one line per test with --reporter=verbose, its seed once', async () => {
    const { code, output } = await vitest(root, ['--reporter=verbose']);
    expect(code, output).toBe(0);
    expect(output).toMatch(new RegExp(`^\\[interleave\\] ✓ ${root}/passing\\.spec\\.ts > a goroutine hands a value over a channel: \\d+ schedules?, (not )?complete \\(\\d+ class(es)?(, assuming [^)]+)?( seen)?\\); seed \\d+ \\(run seed 0\\)$`, 'm'));
    expect(output.match(/; seed \d+/g)).toHaveLength(2);
  });
});
