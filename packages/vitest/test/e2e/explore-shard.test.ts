/**
 * `interleave test --explore-shard I/N` splits each test's schedule budget over
 * machines (with the random strategy): the shard that owns the schedule the whole
 * run fails in fails there too, with the same replay token, and no shard fails
 * earlier. Without `--strategy random` it refuses, saying why.
 */
import { describe, expect, it } from 'vitest';
import { clearFailures, interleave, project, readFailures } from './helper.ts';

const root = project('shards');
const file = `${root}/a.spec.ts`;

async function failureOf(extra: string[]): Promise<{ code: number | null; schedule?: number; replay?: string; output: string }> {
  clearFailures(root);
  const { code, output } = await interleave(['test', file, '--root', root, '--strategy', 'random', ...extra]);
  const f = code === 0 ? undefined : readFailures(root).failures[0];
  return { code, output, ...(f?.schedule === undefined ? {} : { schedule: f.schedule }), ...(f?.replay === undefined ? {} : { replay: f.replay }) };
}

describe('--explore-shard', () => {
  it('finds on the owning shard the failure that the whole budget finds, with the same token', async () => {
    const whole = await failureOf([]);
    expect(whole.code, whole.output).toBe(1);
    expect(whole.schedule).toBeGreaterThan(0);
    const shards = [];
    for (const i of [1, 2]) shards.push(await failureOf(['--explore-shard', `${i}/2`]));
    const owner = shards[(whole.schedule! - 1) % 2]!;
    expect(owner.code, owner.output).toBe(1);
    expect([owner.schedule, owner.replay]).toEqual([whole.schedule, whole.replay]);
    for (const s of shards) if (s.schedule !== undefined) expect(s.schedule).toBeGreaterThanOrEqual(whole.schedule!);
  });

  it('needs the random or pct strategy', async () => {
    clearFailures(root);
    const { code, output } = await interleave(['test', file, '--root', root, '--explore-shard', '1/2']);
    expect(code, output).toBe(1);
    expect(output).toContain('--explore-shard 1/2 (INTERLEAVE_EXPLORE_SHARD) needs the random or pct strategy (--strategy random');
  });
});
