/**
 * `pnpm bench [name ...] [--key=value ...]`: runs the benchmarks whose name
 * contains one of the given words (all when none is given) and prints one
 * table. Options: `--list`, `--parked=N` (goroutines of parked-goroutines,
 * default 1,000,000), `--parked-rounds=N`, `--round-trips=N` and `--rounds=N` (ping-pong),
 * `--schedules=N` (explorer-schedules executions), `--worker-schedules=N`
 * (explorer-workers executions).
 * Benchmarks are measurements, not tests: nothing here fails the process on a
 * missed target except `--strict`.
 */
import { benchmarks } from './registry.ts';
import { renderTable } from './table.ts';
import type { Row } from './types.ts';

function parseArgs(argv: readonly string[]): { names: string[]; options: Map<string, string> } {
  const names: string[] = [];
  const options = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--') continue;
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (m) options.set(m[1] as string, m[2] ?? 'true');
    else names.push(arg);
  }
  return { names, options };
}

async function main(): Promise<void> {
  const { names, options } = parseArgs(process.argv.slice(2));
  if (options.has('list')) {
    for (const b of benchmarks) console.log(`${b.name.padEnd(20)} ${b.description}`);
    return;
  }
  const selected = benchmarks.filter((b) => names.length === 0 || names.some((n) => b.name.includes(n)));
  if (selected.length === 0) throw new Error(`no benchmark matches ${names.join(', ')}; try --list`);
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const b of selected) {
    process.stderr.write(`running ${b.name}...\n`);
    try {
      const out = await b.run(options);
      rows.push(...out.rows);
      notes.push(...(out.notes ?? []));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      rows.push({ benchmark: b.name, value: 'error', unit: '', reference: message.split('\n')[0] ?? '', verdict: 'FAIL' });
    }
  }
  console.log(renderTable(rows, notes));
  if (options.has('strict') && rows.some((r) => r.verdict === 'FAIL')) process.exitCode = 1;
}

await main();
