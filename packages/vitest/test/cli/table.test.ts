/** Tables: columns padded to their widest cell, a rule under the header. */
import { describe, expect, it } from 'vitest';
import { table } from '../../src/cli/table.ts';

describe('table', () => {
  it('pads every column but the last', () => {
    expect(table(['name', 'n'], [['a', '1'], ['longer', '22']])).toBe(['name    n', '------  --', 'a       1', 'longer  22'].join('\n'));
  });

  it('paints cells after padding, so colour codes do not shift columns', () => {
    const out = table(['a', 'b'], [['x', 'y']], (c, row, col) => (col === 0 ? `<${c}>` : c));
    expect(out.split('\n')[2]).toBe('<x>  y');
  });
});
