/**
 * The main job: runs every fixture and prints what it finds, as a table.
 *
 * Until the explorer is wired in, each fixture runs under a handful of seeds of
 * the default random scheduler; a fixture whose findings differ from what it
 * expects makes the job exit non-zero.
 */
import { run, type FindingKind } from '@interleave/core';
import { fixtures } from '@interleave/fixtures';

const SEEDS = [0, 1, 2, 3, 4];

interface Row {
  name: string;
  expect: string;
  found: string;
  verdict: string;
}

const rows: Row[] = [];
let mismatches = 0;
for (const f of fixtures) {
  const kinds = new Set<FindingKind>();
  let firstReport = '';
  for (const seed of SEEDS) {
    const r = await run(f.program, { seed });
    for (const x of r.findings) {
      kinds.add(x.kind);
      firstReport ||= x.message;
    }
  }
  const found = [...kinds].sort();
  const expected = [...f.expect].sort();
  const pending = f.race && !found.length;
  const ok = pending || found.join(',') === expected.join(',');
  if (!ok) mismatches++;
  rows.push({
    name: f.name,
    expect: expected.join(', ') || 'clean',
    found: found.join(', ') || 'clean',
    verdict: ok ? (pending ? 'needs --race' : 'ok') : 'MISMATCH',
  });
  if (firstReport && process.env.VERBOSE) console.log(`${f.name}: ${firstReport}`);
}

const widths = { name: 36, expect: 22, found: 22 };
const line = (r: Row): string => `${r.name.padEnd(widths.name)} ${r.expect.padEnd(widths.expect)} ${r.found.padEnd(widths.found)} ${r.verdict}`;
console.log(line({ name: 'fixture', expect: 'expected', found: `found (seeds ${SEEDS.join(',')})`, verdict: 'verdict' }));
console.log('-'.repeat(widths.name + widths.expect + widths.found + 12));
for (const r of rows) console.log(line(r));
console.log(`\n${rows.length} fixtures, ${mismatches} mismatch${mismatches === 1 ? '' : 'es'}`);
process.exitCode = mismatches ? 1 : 0;
