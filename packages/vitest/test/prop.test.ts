/** The replay token of a property failure: `fc1:<seed>:<path>`. */
import { describe, expect, it } from 'vitest';
import { parseToken } from '../src/prop.ts';

describe('parseToken', () => {
  it('reads the seed and the path, and leaves other tokens alone', () => {
    expect(parseToken('fc1:-15:39:2:7')).toEqual({ seed: -15, path: '39:2:7' });
    expect(parseToken('fc1:42:')).toEqual({ seed: 42, path: '' });
    expect(parseToken('il1.AwA')).toBeUndefined();
    expect(parseToken(undefined)).toBeUndefined();
  });

  it('rejects a malformed property token', () => {
    expect(() => parseToken('fc1:x:1')).toThrow(/not a property replay token/);
  });
});
