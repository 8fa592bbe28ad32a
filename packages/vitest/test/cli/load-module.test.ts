/** What `interleave explore` accepts from a module. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.ts';
import { targetsOf } from '../../src/cli/load-module.ts';

const program = (): void => {};

describe('targetsOf', () => {
  it('takes a fixtures list with expectations and race flags', () => {
    expect(targetsOf({ fixtures: [{ name: 'a', program, expect: ['leak'], race: true, description: 'd' }, { name: 'b', program }] }, 'm'))
      .toEqual([{ name: 'a', program, expect: ['leak'], race: true }, { name: 'b', program }]);
  });

  it('takes a single fixture, a named program or a default export', () => {
    expect(targetsOf({ fixture: { name: 'f', program, expect: [] } }, 'm')).toEqual([{ name: 'f', program, expect: [] }]);
    expect(targetsOf({ program }, 'main')).toEqual([{ name: 'main', program }]);
    expect(targetsOf({ default: program }, 'main')).toEqual([{ name: 'main', program }]);
  });

  it('explains what is missing', () => {
    expect(() => targetsOf({}, 'm')).toThrow(UsageError);
    expect(() => targetsOf({ fixtures: [{ name: 1, program }] }, 'm')).toThrow(/fixtures\[0\] needs a string `name`/);
    expect(() => targetsOf({ fixtures: [{ name: 'a', program, expect: 'leak' }] }, 'm')).toThrow(/expect must be a list/);
  });
});
