/**
 * A racy test passes without the race detector and fails with it, switched on
 * by `interleave test --race` or by INTERLEAVE_RACE=1 under plain vitest; the
 * replay command it prints, pasted into a shell, reproduces the same report.
 */
import { describe, expect, it } from 'vitest';
import { interleave, paste, project, replayCommands, vitest } from './helper.ts';

const root = project('racy');

/** The race report itself: from the first `====` rule to the second. */
function raceBlock(output: string): string {
  const m = /(={10,}\nWARNING: DATA RACE\n[\s\S]*?\n={10,})/.exec(output);
  if (!m?.[1]) throw new Error(`no race report in:\n${output}`);
  return m[1];
}

describe('the race switch', () => {
  it('leaves a racy test passing when it is off', async () => {
    const { code, output } = await interleave(['test', '--root', root]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+1 passed/);
  });

  it('fails it with --race, and its printed command replays the same report', async () => {
    const first = await interleave(['test', '--race', '--root', root]);
    expect(first.code, first.output).toBe(1);
    expect(first.output).toContain('interleave found a data race in schedule');
    expect(first.output).toContain('data race on hits');
    const [command] = replayCommands(first.output);
    expect(command).toMatch(new RegExp(`^npx interleave test ${root}/racy\\.spec\\.ts -t '\\^two goroutines bump a counter\\$' --root ${root} --race --replay \\S+$`));

    const again = await paste(command ?? '');
    expect(again.code, again.output).toBe(1);
    expect(again.output).toContain('interleave found a data race replaying the given schedule');
    expect(raceBlock(again.output)).toBe(raceBlock(first.output));
    expect(replayCommands(again.output)).toEqual([command]);
  });

  it('fails it under plain vitest with INTERLEAVE_RACE=1', async () => {
    const { code, output } = await vitest(root, [], { INTERLEAVE_RACE: '1' });
    expect(code, output).toBe(1);
    expect(output).toContain('WARNING: DATA RACE');
  });
});
