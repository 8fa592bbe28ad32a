/**
 * The replay token: the list of a run's decisions, serialized to one short line.
 *
 * Format `il1.<base64url>`: the payload is deflate-compressed bytes holding, per
 * decision, varint(options * 4 + kind) then varint(choice). Keeping `options` lets
 * replay say precisely where a token stops fitting a program ("decision 17: the
 * token expects 3 runnable goroutines, the program has 2").
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DecisionKind } from './types.ts';

/** One decision of a run. */
export interface ScheduleEntry {
  kind: DecisionKind;
  /** The number of alternatives (>= 2). */
  options: number;
  /** The alternative taken, in `[0, options)`. */
  choice: number;
}

const PREFIX = 'il1.';
const KINDS: readonly DecisionKind[] = ['goroutine', 'select', 'timer', 'random'];

/**
 * Serializes decisions to a replay token.
 *
 * @example
 * ```ts
 * const token = encodeSchedule([{ kind: 'goroutine', options: 2, choice: 1 }]);
 * decodeSchedule(token); // [{ kind: 'goroutine', options: 2, choice: 1 }]
 * ```
 */
export function encodeSchedule(entries: readonly ScheduleEntry[]): string {
  const bytes: number[] = [];
  for (const e of entries) {
    writeVarint(bytes, e.options * 4 + KINDS.indexOf(e.kind));
    writeVarint(bytes, e.choice);
  }
  return PREFIX + deflateRawSync(Uint8Array.from(bytes), { level: 6 }).toString('base64url');
}

/**
 * Parses a replay token; throws a clear error when it is not one.
 *
 * @example
 * ```ts
 * const entries = decodeSchedule(result.schedule);
 * ```
 */
export function decodeSchedule(token: string): ScheduleEntry[] {
  const t = token.trim();
  if (!t.startsWith(PREFIX)) {
    throw new Error(`interleave: not a replay token (expected it to start with "${PREFIX}"): ${t.slice(0, 40)}`);
  }
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(Buffer.from(t.slice(PREFIX.length), 'base64url'));
  } catch {
    throw new Error(`interleave: replay token is damaged (cannot decompress): ${t.slice(0, 40)}...`);
  }
  const out: ScheduleEntry[] = [];
  let i = 0;
  while (i < bytes.length) {
    const [head, a] = readVarint(bytes, i);
    const [choice, b] = readVarint(bytes, a);
    i = b;
    const kind = KINDS[head % 4]!;
    const options = Math.floor(head / 4);
    if (options < 2 || choice >= options) throw new Error(`interleave: replay token is damaged at decision ${out.length}`);
    out.push({ kind, options, choice });
  }
  return out;
}

function writeVarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

function readVarint(bytes: Uint8Array, at: number): [number, number] {
  let n = 0;
  let mul = 1;
  for (let i = at; i < bytes.length; i++) {
    const b = bytes[i]!;
    n += (b & 0x7f) * mul;
    if (b < 0x80) return [n, i + 1];
    mul *= 0x80;
  }
  throw new Error('interleave: replay token is damaged (truncated number)');
}
