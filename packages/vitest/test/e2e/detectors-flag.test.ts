/**
 * `--race` / INTERLEAVE_RACE=1 switch on every detector, not only the race
 * detector: a lock-order inversion that never deadlocks passes without them and
 * fails with them, under `interleave test`, plain vitest and `interleave explore`.
 */
import { describe, expect, it } from 'vitest';
import { interleave, project, vitest } from './helper.ts';

const root = project('inversion');

describe('every detector behind the race switch', () => {
  it('interleave test: passes without --race, fails with it on the inversion', async () => {
    const off = await interleave(['test', '--root', root]);
    expect(off.code, off.output).toBe(0);
    const on = await interleave(['test', '--race', '--root', root]);
    expect(on.code, on.output).toBe(1);
    expect(on.output).toContain('POTENTIAL DEADLOCK: inconsistent lock order');
    expect(on.output).toMatch(/--race --replay \S+:r\b/);
  });

  it('plain vitest with INTERLEAVE_RACE=1', async () => {
    const { code, output } = await vitest(root, [], { INTERLEAVE_RACE: '1' });
    expect(code, output).toBe(1);
    expect(output).toContain('POTENTIAL DEADLOCK: inconsistent lock order');
  });

  it('interleave explore --race', async () => {
    const file = `${project('explore')}/inversion.ts`;
    const off = await interleave(['explore', file, '--schedules', '20']);
    expect(off.code, off.output).toBe(0);
    const on = await interleave(['explore', file, '--schedules', '20', '--race']);
    expect(on.code, on.output).toBe(1);
    expect(on.output).toContain('POTENTIAL DEADLOCK: inconsistent lock order');
    expect(on.output).toMatch(/inversion: lock-order in schedule \d+/);
  });
});
