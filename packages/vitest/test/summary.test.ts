/** The summary: JSON entries, the printed list, GitHub annotations and their escaping. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { annotations, summaryText, toEntry, type FailureEntry } from '../src/summary.ts';
import type { InterleaveMeta } from '../src/types.ts';

const meta: InterleaveMeta = {
  seed: 5, runSeed: 0, file: 'src/a.spec.ts', name: 'pool > drains', command: "npx interleave test src/a.spec.ts -t '^pool drains$' --replay il1.x",
  args: ['src/a.spec.ts', '-t', '^pool drains$', '--replay', 'il1.x'],
  kind: 'race', message: 'data race on cache, 2 goroutines: 1%', replay: 'il1.x', schedule: 3, preemptions: 1, location: 'src/cache.ts:12:5',
};

describe('toEntry', () => {
  it('copies the finding fields', () => {
    expect(toEntry(meta, undefined)).toEqual({ ...meta });
  });

  it('uses the first line of the test error when there is no finding', () => {
    const { kind: _k, message: _m, replay: _r, schedule: _s, preemptions: _p, location: _l, ...plain } = meta;
    expect(toEntry(plain, 'Test timed out in 5000ms.\nmore')).toEqual({ ...plain, message: 'Test timed out in 5000ms.' });
  });
});

describe('summaryText', () => {
  it('lists each failure with its command, without colour at level 0', () => {
    const text = summaryText([toEntry(meta, undefined)], new Chalk({ level: 0 }), '.interleave/failures.json');
    expect(text).toContain('interleave: 1 failing concurrency test');
    expect(text).toContain('✗ src/a.spec.ts > pool > drains');
    expect(text).toContain('race: data race on cache');
    expect(text).toContain('schedule 3, seed 5 (run seed 0), 1 preemption');
    expect(text).toContain(`replay: ${meta.command}`);
    expect(text).not.toContain('\u001b[');
  });
});

describe('a panic', () => {
  it('is shown as `panic: message` once, never `panic: panic:`', () => {
    const panic = toEntry({ ...meta, kind: 'panic', message: 'panic: boom' }, undefined);
    const text = summaryText([panic], new Chalk({ level: 0 }), 'f.json');
    expect(text).toContain('    panic: boom\n');
    expect(text).not.toContain('panic: panic:');
    expect(annotations([panic])[0]).toContain('::boom%0A');
  });
});

describe('annotations', () => {
  it('places an ::error at the finding, escaping what GitHub needs escaped', () => {
    const [line] = annotations([toEntry(meta, undefined)]);
    expect(line).toBe(`::error file=src/cache.ts,line=12,col=5,title=interleave race%3A pool > drains::data race on cache, 2 goroutines: 1%25%0Areplay: ${meta.command}`);
  });

  it('falls back to the test file when the finding has no location', () => {
    const entry: FailureEntry = { ...toEntry(meta, undefined), location: undefined };
    delete entry.location;
    expect(annotations([entry])[0]).toMatch(/^::error file=src\/a.spec.ts,title=/);
  });
});
