/**
 * `interleave explore FILE` outside vitest: a fixture list gives a summary
 * table (after one line saying what it does; the full replay tokens in a file it
 * names, each replaying its fixture) and exit 0 when every program produced what it expects; a single
 * program with a bug prints its report and replay token and exits 1.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { interleave, project, repo } from './helper.ts';

describe('interleave explore', () => {
  it('prints a table of fixtures and exits 0 when each finds what it expects', async () => {
    const { code, output } = await interleave(['explore', `${project('explore')}/fixtures.ts`, '--schedules', '20']);
    expect(code, output).toBe(0);
    expect(output).toMatch(/fixture\s+expected\s+found\s+schedules\s+replay\s+verdict/);
    expect(output).toMatch(/hand-off\s+clean\s+clean\s+\d+.*\bok\b/);
    expect(output).toMatch(/forgotten-receiver\s+leak\s+leak\s+\d+.*il1\S*\s+ok/);
    expect(output).toMatch(/send-to-nobody\s+deadlock\s+deadlock\s+\d+.*il1\S*\s+ok/);
    expect(output).toMatch(/3 programs, \d+ schedules in [\d.]+ s \(\d+\/s\), 0 mismatches/);
    expect(output.split('\n')[0]).toMatch(/^interleave explore: 3 programs from \S+fixtures\.ts, up to 20 schedules each, seed 0; each must find exactly what it expects$/);
    expect(output).toContain('full replay tokens: .interleave/explore-replays.json (replay one: interleave explore ');
    const { replays } = JSON.parse(readFileSync(resolve(repo, '.interleave/explore-replays.json'), 'utf8')) as { replays: { fixture: string; replay: string }[] };
    const leak = replays.find((r) => r.fixture === 'forgotten-receiver');
    expect(leak?.replay).toMatch(/^il1\S+$/);
    const again = await interleave(['explore', `${project('explore')}/fixtures.ts`, '--fixture', 'forgotten-receiver', '--replay', leak?.replay ?? '']);
    expect(again.output).toContain('forgotten-receiver: leak');
    expect(output).not.toContain('\r');
  });

  it('prints the report of a failing program and exits 1', async () => {
    const { code, output } = await interleave(['explore', `${project('explore')}/program.ts`, '--schedules', '20']);
    expect(code, output).toBe(1);
    expect(output).toContain('fatal error: all goroutines are asleep - deadlock!');
    expect(output).toMatch(/program: deadlock in schedule \d+/);
    expect(output).toMatch(/replay: il1\S+/);
  });
});
