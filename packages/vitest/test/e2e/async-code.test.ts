/**
 * Ordinary async code under interleave (issue 16): the fixture project 'async'
 * holds four bugs that Node's own order of same-instant timers hides. Plain vitest
 * with real timers passes all of them; interleave fails each with the test's own
 * assertion (or a deadlock, for the listener attached too late, instead of a
 * timeout), and every failure's replay command reproduces it. The fixed variants,
 * a limiter safe only by microtask order, and p-limit and async-mutex used
 * correctly pass.
 */
import { describe, expect, it } from 'vitest';
import { clearFailures, interleave, project, readFailures, vitest } from './helper.ts';

const root = project('async');

describe('ordinary async code', () => {
  it('passes under plain vitest with real timers: Node\'s order hides every bug', async () => {
    const { code, output } = await vitest(root, ['plain.spec.ts']);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+11 passed \(11\)/);
  }, 120_000);

  it('fails the same four under plain `npx vitest` with the plugin', async () => {
    const { code, output } = await vitest(root, ['async.spec.ts']);
    expect(code, output).toBe(1);
    expect(output).toMatch(/Tests\s+4 failed \| 7 passed \(11\)/);
  }, 120_000);

  it('fails the four bugs under interleave with the test\'s own assertion, and passes the rest', async () => {
    clearFailures(root);
    const { code, output } = await interleave(['test', '--root', root, 'async.spec.ts']);
    expect(code, output).toBe(1);
    expect(output).toMatch(/Tests\s+4 failed \| 7 passed \(11\)/);
    expect(output).toContain('AssertionError: expected 80 to be 70');
    expect(output).toContain('AssertionError: expected 2 to be 1');
    expect(output.match(/AssertionError: expected 2 to be 1/g)?.length, 'the cache and the limiter').toBeGreaterThanOrEqual(2);
    expect(output).toContain('all goroutines are asleep - deadlock!');
    expect(output).toMatch(/goroutine 1 \[promise\]:\n {4}\S*scenarios\.ts:\d+:\d+ in listenerHearsReady/);
    // The interleaving names the callbacks, and where each timer was armed.
    expect(output).toMatch(/g\d+ setTimeout callback +start +\S*scenarios\.ts:\d+:\d+ \(armed\)/);
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
