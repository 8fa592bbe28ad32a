import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const script = fileURLToPath(new URL('./support/print-runs.ts', import.meta.url));
const root = path.resolve(path.dirname(script), '../../../..');

function runInChild(): string {
  return execFileSync(process.execPath, ['--conditions=@interleave/source', '--import', 'tsx', script], { cwd: root, encoding: 'utf8' });
}

describe('determinism across processes', () => {
  it('the same programs and seeds give the same results and report text, byte for byte, in two processes', () => {
    const a = runInChild();
    const b = runInChild();
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toBe(a);
    const parsed = JSON.parse(a) as { name: string; findings: { kind: string }[] }[];
    const kinds = new Set(parsed.flatMap((r) => r.findings.map((f) => `${r.name}:${f.kind}`)));
    expect([...kinds].sort()).toEqual(['deadlock:deadlock', 'leakAndTimeout:leak', 'panic:panic']);
  });
});
