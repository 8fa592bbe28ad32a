/**
 * A foreign await inside a vitest test (a real `setTimeout` awaited by a
 * goroutine) fails the test with a nondeterminism report that names the line
 * which awaited, and the goroutine's last scheduling point before it; the run up
 * to that await has its timeline page.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearFailures, interleave, project, readFailures, repo } from './helper.ts';

const root = project('foreign');
const file = `${root}/foreign.spec.ts`;
const lines = readFileSync(file, 'utf8').split('\n');
const lineOf = (marker: string): number => lines.findIndex((l) => l.includes(marker)) + 1;

describe('a foreign await in a vitest test', () => {
  it('is reported with the line that awaited', async () => {
    clearFailures(root);
    const { code, output } = await interleave(['test', '--root', root]);
    expect(code, output).toBe(1);
    // The run up to the await that never came back has its timeline page.
    const page = readFailures(root).failures[0]?.timeline;
    expect(output).toContain(`Timeline: ${page ?? '?'}`);
    expect(readFileSync(resolve(repo, page ?? ''), 'utf8')).toContain('await results.send(1);');
    expect(output).toContain('goroutine 2 awaited a promise that interleave does not control');
    expect(output).toMatch(new RegExp(`goroutine 2 \\[awaiting a foreign promise\\], awaited at:\\n {4}\\S*foreign\\.spec\\.ts:${lineOf('// the foreign await')}:\\d+`));
    expect(output).toMatch(new RegExp(`after its last scheduling point at:\\n {4}\\S*foreign\\.spec\\.ts:${lineOf('results.send(1)')}:\\d+`));
  });
});
