/**
 * `test.prop`: fast-check generates each case's inputs and schedule, shrinks
 * them together, and the failure prints one command that replays it (the
 * `fc1:` token holds fast-check's seed and path); pasted, it fails with the
 * same counterexample and report, and the failing run has its timeline page. A
 * property that holds passes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearFailures, paste, project, readFailures, replayCommands, repo, vitest } from './helper.ts';

const root = project('prop');

/** The report from the counterexample line to the interleaving's end. */
function report(output: string): string {
  const m = /(counterexample \[[\s\S]*?)\nReplay it with:/.exec(output);
  if (!m?.[1]) throw new Error(`no property report in:\n${output}`);
  return m[1].replace(/after \d+ cases \(\d+ shrinks?; /, '');
}

describe('property tests', () => {
  it('shrink inputs and schedule together and replay with the printed command', async () => {
    clearFailures(root);
    const first = await vitest(root);
    expect(first.code, first.output).toBe(1);
    // The counterexample's failing run has its timeline page, as every other failure.
    const entry = readFailures(root).failures[0];
    expect(entry?.timeline).toMatch(/\.interleave\/timelines\/prop\.spec\.ts--.+\.html$/);
    expect(first.output).toContain(`Timeline: ${entry?.timeline ?? '?'}`);
    expect(readFileSync(resolve(repo, entry?.timeline ?? ''), 'utf8')).toContain('paid 102 out of 100');
    expect(first.output).toMatch(/interleave: the property failed after \d+ cases \(\d+ shrinks; seed and path in the token\): counterexample \[100,51\]/);
    expect(first.output).toContain('panic: Error: paid 102 out of 100');
    expect(first.output).toMatch(/Tests\s+1 failed \| 1 passed \(2\)/);
    const [command] = replayCommands(first.output);
    expect(command).toMatch(/ --replay fc1:-?\d+:[\d:]+$/);

    const again = await paste(command ?? '');
    expect(again.code, again.output).toBe(1);
    expect(report(again.output)).toBe(report(first.output));
    expect(replayCommands(again.output)).toEqual([command]);
  });
});
