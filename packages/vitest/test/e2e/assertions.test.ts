/**
 * A failed `expect` is reported as an assertion: vitest's own message, diff and
 * code frame, then the schedule, the interleaving and the replay command; the
 * summary calls it `assertion`, never `panic`. Per-schedule `setup` gives every
 * schedule fresh mocks.
 */
import { describe, expect, it } from 'vitest';
import { paste, project, readFailures, replayCommands, vitest } from './helper.ts';

const root = project('assert');

describe('assertion failures', () => {
  it('show vitest diff and interleave interleaving, and replay to the same diff', async () => {
    const { code, output } = await vitest(root, ['assert.spec.ts']);
    expect(code, output).toBe(1);
    expect(output).toMatch(/AssertionError: expected 1 to be 2 \/\/ Object\.is equality\n\ninterleave: the assertion failed in schedule \d+ of at most 50/);
    expect(output).toMatch(/- Expected\n\+ Received\n\n- 2\n\+ 1/);
    expect(output).toMatch(/AssertionError: expected \[ 'b', 'a' \] to deeply equal \[ 'a', 'b' \]/);
    expect(output).toMatch(/interleaving: \d+ steps/);
    expect(output).toMatch(/❯ assert\.spec\.ts:20:21/);
    expect(output).not.toMatch(/panic/i);
    expect(output).toContain('    assertion: expected 1 to be 2 // Object.is equality');
    expect(readFailures(root).failures.map((f) => f.kind)).toEqual(['assertion', 'assertion']);

    const [command] = replayCommands(output);
    const again = await paste(command ?? '');
    expect(again.code, again.output).toBe(1);
    expect(again.output).toMatch(/AssertionError: expected 1 to be 2[\s\S]*interleave: the assertion failed replaying the given schedule[\s\S]*- 2\n\+ 1/);
  });

  it('give each schedule fresh state from setup, and run teardown after each', async () => {
    const { code, output } = await vitest(root, ['setup.spec.ts']);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+2 passed \| 1 expected fail \(3\)/);
  });
});
