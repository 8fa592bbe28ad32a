/** The plugin provides its options to the tests and adds one summary reporter to vitest's. */
import { describe, expect, it } from 'vitest';
import type { Reporter, VitestPluginContext } from 'vitest/node';
import { interleave } from '../src/plugin.ts';
import { InterleaveReporter } from '../src/reporter.ts';

type Hook = (...args: unknown[]) => unknown;

function call(hook: unknown, ...args: unknown[]): unknown {
  if (typeof hook !== 'function') throw new Error('no such hook');
  return (hook as Hook)(...args);
}

describe('interleave()', () => {
  it('provides its options as JSON under `interleave`', () => {
    const plugin = interleave({ schedules: 10, race: undefined, outputFile: 'x.json' });
    expect(call(plugin.config)).toEqual({ test: { provide: { interleave: { schedules: 10, outputFile: 'x.json' } } } });
  });

  it('adds its reporter after those vitest resolved, once', () => {
    const reporters: (string | Reporter | [string, object])[] = [['default', {}]];
    const context = { vitest: { config: { reporters } } } as unknown as VitestPluginContext;
    const plugin = interleave();
    call(plugin.configureVitest, context);
    call(plugin.configureVitest, context);
    expect(reporters).toHaveLength(2);
    expect(reporters[1]).toBeInstanceOf(InterleaveReporter);
  });
});
