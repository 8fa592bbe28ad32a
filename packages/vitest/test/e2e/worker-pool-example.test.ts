/**
 * The example project (examples/worker-pool): its broken variant, a cache
 * whose hits skip the lock, fails with a data race on the cache's entries and
 * prints the command that replays it; and the example runs under plain
 * `npx vitest run` from its own folder, with no flag.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { exec, interleave, repo, replayCommands } from './helper.ts';

describe('the worker-pool example', () => {
  it('catches the race of the unlocked cache fast path', async () => {
    const root = 'examples/worker-pool';
    const { code, output } = await interleave(['test', '--root', root, 'examples/worker-pool/broken.spec.ts']);
    expect(code, output).toBe(1);
    expect(output).toContain('WARNING: DATA RACE');
    expect(output).toContain('data race on cache.entries');
    expect(output).toMatch(/examples\/worker-pool\/cache\.ts:\d+:\d+/);
    expect(replayCommands(output)[0]).toMatch(/^npx interleave test examples\/worker-pool\/broken\.spec\.ts -t '\^a cache with an unlocked fast path\$' --root examples\/worker-pool --race --replay \S+$/);
  });

  it('runs under plain `npx vitest run` in its folder: the pool tests pass and the broken variant fails with its race', async () => {
    const { code, output } = await exec('/bin/sh', ['-c', 'npx vitest run'], {}, resolve(repo, 'examples/worker-pool'));
    expect(code, output).toBe(1);
    expect(output).toMatch(/✓ pool\.test\.ts/);
    expect(output).toMatch(/Tests\s+1 failed \| 2 passed/);
    expect(output).toContain('data race on cache.entries');
  });
});
