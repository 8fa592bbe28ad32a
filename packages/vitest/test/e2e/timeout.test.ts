/**
 * A test that times out stops exploring at once (vitest aborts the test
 * context's signal, which `test` passes to `explore`), and the next test runs
 * unaffected.
 */
import { describe, expect, it } from 'vitest';
import { project, vitest } from './helper.ts';

describe('a test that times out', () => {
  it('fails with the timeout, and the next test explores alone and passes', async () => {
    const { code, output } = await vitest(project('timeout'));
    expect(code, output).toBe(1);
    expect(output).toMatch(/explores longer than its timeout[\s\S]*Test timed out in 500ms/);
    expect(output).not.toContain('the timed-out exploration is still running');
    expect(output).toMatch(/Tests\s+1 failed \| 1 passed \(2\)/);
  });
});
