/**
 * Ordinary async code under interleave (issue 16): the fixture project 'async'
 * holds four bugs that Node's own order of same-instant timers hides. Plain vitest
 * with real timers passes all of them; interleave fails each with the test's own
 * assertion (or a deadlock, for the listener attached too late, instead of a
 * timeout), and every failure's replay command reproduces it. The fixed variants,
 * and a limiter safe only by microtask order, pass.
 */
import { describe, expect, it } from 'vitest';
import { clearFailures, interleave, project, readFailures, vitest } from './helper.ts';

const root = project('async');

describe('ordinary async code', () => {
  it('passes under plain vitest with real timers: Node\'s order hides every bug', async () => {
    const { code, output } = await vitest(root, ['plain.spec.ts']);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+9 passed \(9\)/);
  }, 120_000);

  it('fails the four bugs under interleave with the test\'s own assertion, and passes the rest', async () => {
    clearFailures(root);
    const { code, output } = await interleave(['test', '--root', root, 'async.spec.ts']);
    expect(code, output).toBe(1);
    expect(output).toMatch(/Tests\s+4 failed \| 5 passed \(9\)/);
    expect(output).toContain('AssertionError: expected 80 to be 70');
    expect(output).toContain('AssertionError: expected 2 to be 1');
    expect(output).toMatch(/AssertionError: expected 2 to be 1[\s\S]*/);
    expect(output).toContain('all goroutines are asleep - deadlock!');
    const failures = readFailures(root).failures;
    expect(failures.map((f) => f.name).sort()).toEqual([
      'a listener attached after setup hears ready',
      'limiter hands a freed slot over in a later callback',
      'lost update across two awaits',
      'read-through cache loads a key once',
    ]);
    for (const f of failures) {
      const again = await interleave(['replay', f.replay ?? 'missing', '--root', root]);
      expect(again.code, again.output).toBe(1);
      expect(again.output).toContain('replaying the given schedule');
    }
  }, 300_000);
});
