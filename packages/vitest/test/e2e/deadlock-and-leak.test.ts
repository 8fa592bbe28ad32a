/**
 * A deadlock and a leak each fail their test with the full report; the summary
 * reporter lists both with their replay commands, writes them to the failures
 * file and, in GitHub Actions, each gets one annotation (vitest's, whose message
 * holds the replay command); `interleave replay TOKEN`
 * finds the test by its token and replays it. Each failure's timeline page is
 * written next to the failures file, named in its report and attached to the
 * test (a notice, not a second error); `replay --timeline` prints its path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearFailures, interleave, project, readFailures, repo } from './helper.ts';

const root = project('broken');
const file = `${root}/broken.spec.ts`;

describe('a deadlock and a leak', () => {
  it('fail with their reports, listed in the summary, the failures file and annotations', async () => {
    clearFailures(root);
    const { code, output } = await interleave(['test', '--root', root], { GITHUB_ACTIONS: 'true' });
    expect(code, output).toBe(1);
    expect(output).toContain('interleave found a deadlock in schedule');
    expect(output).toContain('fatal error: all goroutines are asleep - deadlock!');
    expect(output).toContain('goroutine 1 [sync.Mutex.Lock]:');
    expect(output).toContain('interleave found a goroutine leak in schedule');
    expect(output).toContain('goroutine 2 [chan receive]:');
    expect(output).toContain('interleave: 2 failing concurrency tests');

    const { failures } = readFailures(root);
    expect(failures.map((f) => [f.name, f.kind])).toEqual([
      ['orders > lock order inverts', 'deadlock'],
      ['a worker waits for a result nobody sends', 'leak'],
    ]);
    for (const f of failures) {
      expect(f.file).toBe(file);
      expect(f.command).toContain(`npx interleave test ${file} -t `);
      expect(f.command).toContain(`--replay ${f.replay ?? '?'}`);
      expect(output).toContain(`replay: ${f.command}`);
      expect(f.location).toMatch(new RegExp(`^${file}:\\d+:\\d+$`));
    }
    const annotations = output.split('\n').filter((l) => l.startsWith('::error '));
    expect(annotations).toHaveLength(2);
    expect(annotations[0]).toMatch(/^::error file=\S+broken\.spec\.ts,title=broken\.spec\.ts > orders > lock order inverts,line=\d+,column=\d+::InterleaveError: interleave found a deadlock/);
    for (const [i, f] of failures.entries()) expect(annotations[i]).toContain(`Replay it with:%0A  ${f.command}`);

    for (const f of failures) {
      expect(f.timeline).toMatch(new RegExp(`^${root}/\\.interleave/timelines/broken\\.spec\\.ts--.+\\.html$`));
      expect(output).toContain(`Timeline: ${f.timeline ?? '?'}`);
      const page = readFileSync(resolve(repo, f.timeline ?? ''), 'utf8');
      expect(page).toMatch(/^<!doctype html>/);
      expect(page).toContain(`<h1>${f.name.replace(/>/g, '&gt;')}</h1>`);
      // vitest copied the attachment and its default reporter lists it under the failure.
      expect(output).toContain(`interleave timeline: ${f.timeline?.split('/').pop() ?? '?'}`);
    }
    // GitHub gets each page as a notice at the failure (vitest's github-actions reporter drops the attachment's annotation).
    const notices = output.split('\n').filter((l) => l.startsWith('::notice '));
    expect(notices.map((l) => l.slice(l.lastIndexOf('::') + 2))).toEqual(failures.map((f) => f.timeline));
    for (const [i, f] of failures.entries()) expect(notices[i]).toContain(`file=${f.location?.replace(/:(\d+):(\d+)$/, ',line=$1,col=$2')}`);
    expect(readFileSync(resolve(repo, failures[0]?.timeline ?? ''), 'utf8')).toMatch(/g2 blocks here \[sync\.Mutex\.Lock\] on mutex#\d+, held by g1 main/);
    expect(readFileSync(resolve(repo, failures[1]?.timeline ?? ''), 'utf8')).toContain('g2 is still waiting [chan receive]');
  });

  it('replays each of them by its token alone, the failures file left as it was', async () => {
    const before = readFailures(root);
    const leak = before.failures.find((f) => f.kind === 'leak');
    const { code, output } = await interleave(['replay', leak?.replay ?? 'missing', '--root', root, '--timeline']);
    expect(code, output).toBe(1);
    expect(output).toMatch(new RegExp(`^timeline: ${leak?.timeline ?? '?'}$`, 'm'));
    expect(existsSync(resolve(repo, leak?.timeline ?? ''))).toBe(true);
    expect(output).toMatch(/Tests\s+1 failed \| 1 skipped/);
    expect(output).toContain('interleave found a goroutine leak replaying the given schedule');
    expect(readFailures(root)).toEqual(before);

    const deadlock = before.failures.find((f) => f.kind === 'deadlock');
    const second = await interleave(['replay', deadlock?.replay ?? 'missing', '--root', root]);
    expect(second.code, second.output).toBe(1);
    expect(second.output).toContain('interleave found a deadlock replaying the given schedule');
    expect(readFailures(root)).toEqual(before);
  });
});
