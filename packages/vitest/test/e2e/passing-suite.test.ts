/**
 * A suite of clean interleave tests passes under plain `vitest run` with the
 * plugin: each test announces its seed when it starts, and the summary file is
 * written with no failures in it.
 */
import { describe, expect, it } from 'vitest';
import { clearFailures, project, readFailures, vitest } from './helper.ts';

const root = project('passing');

describe('a passing suite', () => {
  it('passes, prints each test seed, and writes an empty failures file', async () => {
    clearFailures(root);
    const { code, output } = await vitest(root);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+2 passed/);
    expect(output).toMatch(/\[interleave\] a goroutine hands a value over a channel: seed \d+ \(run seed 0, 30 schedules\)/);
    expect(output).toContain(`re-run: npx interleave test ${root}/passing.spec.ts -t '^counter a mutex keeps the count right$' --root ${root}`);
    expect(readFailures(root)).toEqual({ version: 1, failures: [] });
  });
});
