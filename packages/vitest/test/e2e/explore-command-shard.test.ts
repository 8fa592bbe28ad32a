/**
 * `interleave explore --explore-shard I/N`: each program's exploration split as
 * `explore`'s `scheduleShard` splits it. A part judges what it finds: an expected
 * kind found is `ok`, an expected kind not found is `part` (another part may find
 * it), a kind the program does not expect is a MISMATCH. The parts together find
 * every kind the whole run finds.
 */
import { describe, expect, it } from 'vitest';
import { interleave, project } from './helper.ts';

const file = `${project('explore')}/fixtures.ts`;

/** The verdict column of each fixture's row. */
function verdicts(output: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of output.matchAll(/^(hand-off|forgotten-receiver|send-to-nobody|late-close)\s.*\s(ok|part|MISMATCH)$/gm)) out[m[1]!] = m[2]!;
  return out;
}

/** Found kinds per fixture (the table's third column). */
function found(output: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of output.matchAll(/^(hand-off|forgotten-receiver|send-to-nobody|late-close) +(\S+) +(\S+)/gm)) out[m[1]!] = m[3]!;
  return out;
}

describe('interleave explore --explore-shard', () => {
  it('each part passes on what it finds, and the parts together find what the whole run finds', async () => {
    const whole = await interleave(['explore', file, '--schedules', '60']);
    expect(whole.code, whole.output).toBe(0);
    const parts = [];
    for (const i of [1, 2]) {
      const r = await interleave(['explore', file, '--schedules', '60', '--explore-shard', `${i}/2`]);
      expect(r.code, r.output).toBe(0);
      expect(r.output).toContain(`shard ${i}/2: each program's part ${i} of 2 of its exploration`);
      expect(Object.values(verdicts(r.output)).every((v) => v === 'ok' || v === 'part'), r.output).toBe(true);
      parts.push(found(r.output));
    }
    for (const [name, kinds] of Object.entries(found(whole.output))) {
      const union = new Set(parts.flatMap((p) => (p[name] ?? 'clean').split(',')).filter((k) => k !== 'clean'));
      expect([...union].sort().join(',') || 'clean', name).toBe(kinds);
    }
  });

  it('the pair: an expected kind a part did not find is `part` (exit 0), a kind the program does not expect a MISMATCH (exit 1)', async () => {
    const expectations = `${project('explore')}/expectations.ts`;
    const whole = await interleave(['explore', expectations, '--fixture', 'expects-more', '--schedules', '20']);
    expect(whole.code, whole.output).toBe(1); // the whole run must find the panic too
    const more = await interleave(['explore', expectations, '--fixture', 'expects-more', '--schedules', '20', '--explore-shard', '1/2']);
    expect(more.code, more.output).toBe(0);
    expect(more.output).toMatch(/^expects-more +deadlock, panic +deadlock .* part$/m);
    const leak = await interleave(['explore', expectations, '--fixture', 'expects-leak', '--schedules', '20', '--explore-shard', '1/2']);
    expect(leak.code, leak.output).toBe(1);
    expect(leak.output).toMatch(/^expects-leak +leak +deadlock .* MISMATCH$/m);
  });

  it('--help names the flag', async () => {
    const r = await interleave(['explore', '--help']);
    expect(r.code).toBe(0);
    expect(r.output).toContain('--explore-shard I/N explores part I of N');
  });
});
