/**
 * The vitest side of timelines and coverage estimates: where a failure's page
 * goes, the Good–Turing part of a pass line, the summary line naming the
 * exploration most likely to show a new class, and `--timeline` printing the
 * pages' paths at the end.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestModule, Vitest } from 'vitest/node';
import { flagsToEnv, parseArgs } from '../src/cli/args.ts';
import { chanceText, coverageText, probability } from '../src/coverage.ts';
import { InterleaveReporter } from '../src/reporter.ts';
import { timelinePath } from '../src/timeline.ts';
import type { Coverage, InterleaveMeta } from '../src/types.ts';

describe('timelinePath', () => {
  it('puts the page next to the failures file, short, one per test', () => {
    const a = timelinePath('/repo', undefined, 'src/deep/dir/pool.test.ts', 'pool > drains <all>');
    expect(a).toMatch(/^\/repo\/\.interleave\/timelines\/pool\.test\.ts--pool-drains-all-[0-9a-f]{8}\.html$/);
    expect(timelinePath('/repo', 'reports/il.json', 'a.test.ts', 'x')).toMatch(/^\/repo\/reports\/timelines\/a\.test\.ts--x-[0-9a-f]{8}\.html$/);
    expect(timelinePath('/repo', undefined, 'src/other/pool.test.ts', 'pool > drains <all>')).not.toBe(a);
    expect(timelinePath('/repo', undefined, 'a.test.ts', 'n'.repeat(500)).split('/').pop()!.length).toBeLessThan(90);
  });
});

describe('the Good–Turing part of a pass line', () => {
  const c: Coverage = { schedules: 1000, complete: false, classes: 37, seenOnce: 4, newClassChance: 0.004 };
  it('reads as classes seen, classes seen once and the chance that the next schedule is new', () => {
    expect(coverageText(c)).toBe('1000 schedules, not complete (37 classes seen); 4 seen once: next schedule new with p ≈ 0.004 (Good–Turing)');
    expect(coverageText({ schedules: 30, complete: true, classes: 6, seenOnce: 6, newClassChance: 0 })).toBe('30 schedules, complete (6 classes)');
    expect(chanceText({ schedules: 3, complete: false })).toBe('');
  });
  it('rounds to two significant digits', () => {
    expect([0, 1, 0.12345, 0.0041666, 0.5].map(probability)).toEqual(['0', '1', '0.12', '0.0042', '0.5']);
  });
});

describe('the reporter', () => {
  function meta(name: string, extra: Partial<InterleaveMeta>): InterleaveMeta {
    return { seed: 1, runSeed: 0, file: 'a.spec.ts', name, command: `npx interleave test a.spec.ts -t '^${name}$'`, args: [], ...extra };
  }
  const cases = [
    { meta: meta('wide', { coverage: { schedules: 100, complete: false, classes: 40, seenOnce: 30, newClassChance: 0.3 } }), failed: false },
    { meta: meta('narrow', { coverage: { schedules: 100, complete: false, classes: 3, seenOnce: 0, newClassChance: 0 } }), failed: false },
    { meta: meta('dl', { kind: 'deadlock', message: 'all goroutines are asleep - deadlock!', replay: 'il1.x', timeline: '.interleave/timelines/a.spec.ts--dl-12345678.html' }), failed: true },
  ];
  const modules = [{
    children: {
      allTests: () => cases.map((c) => ({
        meta: () => ({ interleave: c.meta }),
        result: () => (c.failed ? { state: 'failed', errors: [{ message: 'boom' }] } : { state: 'passed', errors: undefined }),
      })).values(),
    },
  } as unknown as TestModule];
  function run(env: Record<string, string>): string[] {
    const lines: string[] = [];
    const reporter = new InterleaveReporter({ outputFile: 'f.json', write: (t) => lines.push(...t.split('\n')), color: false, env });
    reporter.onInit({ config: { root: mkdtempSync(join(tmpdir(), 'interleave-timeline-')), reporters: [['default', {}]] } } as unknown as Vitest);
    reporter.onTestRunEnd(modules);
    return lines;
  }

  it('names the incomplete exploration most likely to show a new class next', () => {
    const lines = run({});
    expect(lines[0]).toBe('[interleave] 3 tests: 200 schedules explored, 0 of 3 complete');
    expect(lines[1]).toBe('[interleave] of those not complete, a.spec.ts > wide is the most likely to show a new interleaving class in its next schedule: p ≈ 0.3 (Good–Turing)');
    expect(lines.some((l) => l.startsWith('timeline: '))).toBe(false);
  });

  it('prints each failing test\'s page with --timeline (INTERLEAVE_TIMELINE=1)', () => {
    const { flags } = parseArgs(['il1.x', '--timeline']);
    expect(flagsToEnv(flags)).toMatchObject({ INTERLEAVE_TIMELINE: '1' });
    expect(run({ INTERLEAVE_TIMELINE: '1' }).at(-1)).toBe('timeline: .interleave/timelines/a.spec.ts--dl-12345678.html');
  });
});
