/**
 * The shapes of the benchmark harness: a benchmark is a named async function
 * that returns table rows (and optional notes printed under the table). New
 * benchmarks implement {@link Benchmark} in their own file and are listed in
 * `registry.ts`; `index.ts` selects, runs and prints them.
 */

/**
 * pass or miss against the row's target (`FAIL` is an older spelling of `miss`,
 * printed as `miss`); info when there is no target; pending when not measurable yet.
 */
export type Verdict = 'pass' | 'miss' | 'FAIL' | 'info' | 'pending';

/** One line of the results table. */
export interface Row {
  benchmark: string;
  value: number | string;
  unit: string;
  /** The reference measurement or target this value is judged against. */
  reference: string;
  verdict: Verdict;
}

/** What one benchmark reports. */
export interface BenchOutput {
  rows: Row[];
  /** Definitions and caveats, printed under the table. */
  notes?: string[];
}

/** Options from the command line (`--key=value`, `--flag`). */
export type BenchOptions = ReadonlyMap<string, string>;

/** A benchmark: `name` is what argv selects on (substring match). */
export interface Benchmark {
  name: string;
  description: string;
  run(options: BenchOptions): Promise<BenchOutput>;
}
