/**
 * `.interleave/failures.json`: every run's failures, newest last, so a replay
 * of one token never loses another's, and the shards of one CI job (each
 * writing its own run) all stay. A run that replays a token does not write it.
 *
 * Invariants: at most {@link MAX_RUNS} runs are kept (the oldest go first);
 * `failures` is always the newest run's list (what version 1 readers read);
 * ids are unique within the file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FailureEntry } from './summary.ts';

/** Runs kept in the file. */
export const MAX_RUNS = 50;

/** One run's failures. */
export interface FailuresRun {
  /** `run-N`, N counting up within the file. */
  id: string;
  /** When the run ended (ISO 8601). */
  time: string;
  /** vitest's `--shard`, when the run was one shard of several (`i/n`). */
  shard?: string;
  failures: FailureEntry[];
}

/** The file's shape. */
export interface FailuresDocument {
  version: 2;
  /** The newest run's failures. */
  failures: FailureEntry[];
  /** Every kept run, oldest first. */
  runs: FailuresRun[];
}

/**
 * Reads the file (an absent or unreadable one is empty; version 1 becomes one run).
 *
 * @example
 * ```ts
 * readFailuresFile('.interleave/failures.json').runs.length;
 * ```
 */
export function readFailuresFile(file: string): FailuresDocument {
  const empty: FailuresDocument = { version: 2, failures: [], runs: [] };
  if (!existsSync(file)) return empty;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return empty;
  }
  if (typeof doc !== 'object' || doc === null) return empty;
  const d = doc as Partial<FailuresDocument> & { version?: number };
  if (Array.isArray(d.runs)) return { version: 2, failures: d.failures ?? [], runs: d.runs };
  if (Array.isArray(d.failures)) return { version: 2, failures: d.failures, runs: [{ id: 'run-1', time: '', failures: d.failures }] };
  return empty;
}

/**
 * The document with one more run.
 *
 * @example
 * ```ts
 * withRun(readFailuresFile(file), { time: new Date().toISOString(), failures });
 * ```
 */
export function withRun(doc: FailuresDocument, run: Omit<FailuresRun, 'id'>): FailuresDocument {
  const last = Math.max(0, ...doc.runs.map((r) => Number(/^run-(\d+)$/.exec(r.id)?.[1] ?? 0)));
  const runs = [...doc.runs, { id: `run-${last + 1}`, ...run }].slice(-MAX_RUNS);
  return { version: 2, failures: run.failures, runs };
}

/**
 * Adds a run to the file (written whole to a temporary file, then renamed).
 *
 * @example
 * ```ts
 * appendRun('.interleave/failures.json', { time: new Date().toISOString(), failures });
 * ```
 */
export function appendRun(file: string, run: Omit<FailuresRun, 'id'>): FailuresDocument {
  const doc = withRun(readFailuresFile(file), run);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(tmp, file);
  return doc;
}

/**
 * Every entry with this replay token (or a token it is a prefix of), newest run
 * first; the same test's failure from older runs is left out.
 *
 * @example
 * ```ts
 * findByToken(doc, 'il1.AwA'); // [{ file, name, command, ... }]
 * ```
 */
export function findByToken(doc: FailuresDocument, token: string): FailureEntry[] {
  const all = [...doc.runs].reverse().flatMap((r) => r.failures);
  const exact = all.filter((f) => f.replay === token);
  const matches = exact.length ? exact : all.filter((f) => f.replay?.startsWith(token));
  const seen = new Set<string>();
  return matches.filter((f) => {
    const key = `${f.file}\u0000${f.name}\u0000${f.replay ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
