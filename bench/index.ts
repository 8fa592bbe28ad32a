/**
 * `pnpm bench [name ...] [--key=value ...]`: runs the benchmarks whose name
 * contains one of the given words (all when none is given) and prints one
 * table; every row with a target says `pass` or `miss`, and the last lines count
 * them and give the machine's load average before and after (figures of a
 * loaded machine move; ratios measured in one process move less).
 * Options: `--list`, `--strict` (exit code 1 when a row misses its target or a
 * benchmark fails), and each benchmark's own (see its file and `--list`), e.g.
 * `--parked=N` (goroutines of parked-goroutines, default 1,000,000),
 * `--parked-rounds=N`, `--round-trips=N` and `--rounds=N` (ping-pong),
 * `--schedules=N` (explore-vs-fast-check's larger budget), `--worker-schedules=N`
 * (explorer-workers executions).
 * Benchmarks are measurements, not tests: nothing here fails the process on a
 * missed target except `--strict`.
 */
import { availableParallelism, loadavg } from 'node:os';
import { benchmarks } from './registry.ts';
import { missed, renderTable } from './table.ts';
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
    for (const b of benchmarks) console.log(`${b.name.padEnd(22)} ${b.description}`);
    return;
  }
  const selected = benchmarks.filter((b) => names.length === 0 || names.some((n) => b.name.includes(n)));
  if (selected.length === 0) throw new Error(`no benchmark matches ${names.join(', ')}; try --list`);
  const rows: Row[] = [];
  const notes: string[] = [];
  const loadBefore = load();
  for (const b of selected) {
    process.stderr.write(`running ${b.name}...\n`);
    try {
      const out = await b.run(options);
      rows.push(...out.rows);
      notes.push(...(out.notes ?? []));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      rows.push({ benchmark: b.name, value: 'error', unit: '', reference: message.split('\n')[0] ?? '', verdict: 'miss' });
    }
  }
  console.log(renderTable(rows, notes));
  const judged = rows.filter((r) => r.verdict === 'pass' || missed(r));
  const misses = judged.filter(missed);
  console.log(`\n${judged.length - misses.length} of ${judged.length} targets met${misses.length > 0 ? `; missed: ${misses.map((r) => r.benchmark).join('; ')}` : ''}.`);
  console.log(`load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()} (${availableParallelism()} CPUs).`);
  if (options.has('strict') && misses.length > 0) process.exitCode = 1;
}

function load(): string {
  return loadavg().map((x) => x.toFixed(2)).join(', ');
}

await main();
