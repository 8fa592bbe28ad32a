/**
 * `interleave test --explore-shard I/N` (and plain `vitest run` with
 * INTERLEAVE_EXPLORE_SHARD, what the bin sets) splits each test's exploration
 * over machines. With the random strategy the shard that owns the schedule the
 * whole run fails in fails there too, with the same replay token, and no shard
 * fails earlier. With the default strategy (the portfolio: exhaustive search
 * split by prefixes of its tree) the shards together find the failure the
 * whole run finds, each shard's token replays without the shard, and a shard's
 * summary never says a test is complete, only that its part is.
 */
import { describe, expect, it } from 'vitest';
import { clearFailures, interleave, paste, project, readFailures, replayCommands, vitest } from './helper.ts';

const root = project('shards');
const file = `${root}/a.spec.ts`;

async function failureOf(extra: string[]): Promise<{ code: number | null; schedule?: number; replay?: string; message?: string; output: string }> {
  clearFailures(root);
  const { code, output } = await interleave(['test', file, '--root', root, ...extra]);
  const f = code === 0 ? undefined : readFailures(root).failures[0];
  return {
    code, output,
    ...(f?.schedule === undefined ? {} : { schedule: f.schedule }), ...(f?.replay === undefined ? {} : { replay: f.replay }), ...(f === undefined ? {} : { message: f.message }),
  };
}

describe('--explore-shard', () => {
  it('random: finds on the owning shard the failure that the whole budget finds, with the same token', async () => {
    const whole = await failureOf(['--strategy', 'random']);
    expect(whole.code, whole.output).toBe(1);
    expect(whole.schedule).toBeGreaterThan(0);
    const shards = [];
    for (const i of [1, 2]) shards.push(await failureOf(['--strategy', 'random', '--explore-shard', `${i}/2`]));
    const owner = shards[(whole.schedule! - 1) % 2]!;
    expect(owner.code, owner.output).toBe(1);
    expect([owner.schedule, owner.replay]).toEqual([whole.schedule, whole.replay]);
    for (const s of shards) if (s.schedule !== undefined) expect(s.schedule).toBeGreaterThanOrEqual(whole.schedule!);
  });

  it('the default strategy: some shard finds what the whole run finds, and its replay command needs no shard', async () => {
    const whole = await failureOf([]);
    expect(whole.code, whole.output).toBe(1);
    const shards = [];
    for (const i of [1, 2]) shards.push(await failureOf(['--explore-shard', `${i}/2`]));
    const found = shards.filter((s) => s.code === 1);
    expect(found.map((s) => s.message), shards.map((s) => s.output).join('\n')).toContain(whole.message);
    for (const s of found) {
      const [command] = replayCommands(s.output);
      expect(command).toBeDefined();
      expect(command).not.toContain('--explore-shard');
      const again = await paste(command!);
      expect(again.code, again.output).toBe(1);
      expect(again.output).toContain(s.message!);
    }
  });

  it('plain vitest with INTERLEAVE_EXPLORE_SHARD: a passing test says its shard\'s part is complete, never the whole', async () => {
    const b = `${root}/b.spec.ts`;
    const { code, output } = await vitest(root, [b, '-t', 'a value is handed over', '--reporter=verbose'], { INTERLEAVE_EXPLORE_SHARD: '2/2' });
    expect(code, output).toBe(0);
    expect(output).toMatch(/a value is handed over: \d+ schedules?, shard 2\/2's part complete \(\d+ class/);
    expect(output).toContain("1 test: ");
    expect(output).toContain("0 of 1 complete, 1 of 1 with shard 2/2's part complete");
  });
});
