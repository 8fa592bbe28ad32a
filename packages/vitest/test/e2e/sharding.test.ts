/**
 * vitest's `--shard` and `--merge-reports` with interleave tests: each shard
 * adds its run (marked `i/n`) to the failures file, the blob reports carry the
 * tests' interleave metadata, and the merged run prints the full summary of
 * both shards and adds one run with every failure, whose tokens replay.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clearFailures, interleave, project, readFailures, vitest } from './helper.ts';

const root = project('shards');

describe('sharding across CI machines', () => {
  it('merges two shards into one summary and one failures file', async () => {
    clearFailures(root);
    const blobs = mkdtempSync(join(tmpdir(), 'interleave-blobs-'));
    const shards = [];
    for (const i of [1, 2]) shards.push(await vitest(root, [`--shard=${i}/2`, '--reporter=blob', `--outputFile=${join(blobs, `blob-${i}.json`)}`]));
    expect(shards.map((s) => s.code)).toEqual([1, 1]);

    const merged = await vitest(root, [`--merge-reports=${blobs}`]);
    expect(merged.code, merged.output).toBe(1);
    expect(merged.output).toContain('interleave: 2 failing concurrency tests');
    expect(merged.output).toMatch(/\[interleave\] 3 tests: \d+ schedules explored/);

    const doc = readFailures(root);
    expect(doc.runs.map((r) => r.shard ?? 'merged')).toEqual(['1/2', '2/2', 'merged']);
    expect(doc.failures.map((f) => f.name)).toEqual(['two increments make two', 'the log keeps both entries in order']);
    for (const f of doc.failures) expect(merged.output).toContain(`replay: ${f.command}`);

    const again = await interleave(['replay', doc.failures[0]?.replay ?? 'missing', '--root', root]);
    expect(again.code, again.output).toBe(1);
    expect(again.output).toMatch(/AssertionError: expected 1 to be 2[\s\S]*the assertion failed replaying the given schedule/);
  });
});
