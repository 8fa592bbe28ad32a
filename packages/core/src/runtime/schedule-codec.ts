/**
 * The replay token: the list of a run's decisions, serialized to one short line.
 *
 * Format `il1.<base64url>`: the payload is deflate-compressed bytes holding, per
 * decision, varint(options * 4 + kind) then varint(choice). Keeping `options` lets
 * replay say precisely where a token stops fitting a program ("decision 17: the
 * token expects 3 runnable goroutines, the program has 2").
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { UsageError } from './errors.ts';
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
 * Parses a replay token; throws a clear error when it is not one, is one of
 * another version, or holds more than `maxDecisions` decisions (checked before
 * any decision is stored: a crafted token of a few kilobytes can inflate to
 * millions).
 *
 * @example
 * ```ts
 * const entries = decodeSchedule(result.schedule);
 * decodeSchedule(hugeToken, 1_000_000); // throws: interleave: replay token holds more than 1,000,000 decisions, ...
 * ```
 */
export function decodeSchedule(token: string, maxDecisions = Infinity): ScheduleEntry[] {
  const packed = decodePacked(token, maxDecisions);
  const out: ScheduleEntry[] = [];
  for (let i = 0; i < packed.length; i += 2) {
    const head = packed[i]!;
    out.push({ kind: KINDS[head % 4]!, options: Math.floor(head / 4), choice: packed[i + 1]! });
  }
  return out;
}

/**
 * {@link decodeSchedule} as packed pairs `(options * 4 + kind code, choice)`, 8 bytes a
 * decision (what replay keeps).
 *
 * @example
 * ```ts
 * decodePacked(encodeSchedule([{ kind: 'select', options: 3, choice: 2 }])); // Int32Array [13, 2]
 * ```
 */
export function decodePacked(token: string, maxDecisions = Infinity): Int32Array {
  const t = token.trim();
  if (!t.startsWith(PREFIX)) {
    const version = /^(il\d+\.)/.exec(t)?.[1];
    if (version !== undefined) {
      throw new UsageError(`replay token of another version: it starts with "${version}", this @interleave/core reads "${PREFIX}" tokens (replay it with the version that wrote it)`);
    }
    throw new UsageError(`not a replay token (expected it to start with "${PREFIX}"): ${t.slice(0, 40)}`);
  }
  const tooMany = (): UsageError => new UsageError(
    `replay token holds more than ${maxDecisions.toLocaleString('en-US')} decisions, more than this run can replay: not a token of this program (or raise maxSteps)`,
  );
  let bytes: Buffer;
  try {
    // A decision takes at most 2 varints of MAX_VARINT bytes: inflating stops there, not at gigabytes.
    const cap = maxDecisions === Infinity ? undefined : Math.min(maxDecisions * 2 * MAX_VARINT, MAX_INFLATE);
    bytes = inflateRawSync(Buffer.from(t.slice(PREFIX.length), 'base64url'), cap === undefined ? {} : { maxOutputLength: cap });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooMany();
    throw new UsageError(`replay token is damaged (cannot decompress): ${t.slice(0, 40)}...`);
  }
  // Every varint ends with a byte below 0x80, and a decision is two of them.
  let ends = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! < 0x80) ends++;
  if (ends / 2 > maxDecisions) throw tooMany();
  const out = new Int32Array(ends - (ends % 2));
  let i = 0;
  let n = 0;
  while (i < bytes.length) {
    const [head, a] = readVarint(bytes, i);
    const [choice, b] = readVarint(bytes, a);
    i = b;
    const options = Math.floor(head / 4);
    if (options < 2 || choice >= options || head > MAX_HEAD) throw new UsageError(`replay token is damaged at decision ${n / 2}`);
    out[n++] = head;
    out[n++] = choice;
  }
  return out;
}

/** Bytes of the longest varint a token holds (numbers below 2^35). */
const MAX_VARINT = 5;
/** The largest decision head an Int32Array keeps. */
const MAX_HEAD = 0x7fffffff;
/** Inflated bytes at most, whatever the bound (a Buffer cannot be larger). */
const MAX_INFLATE = 2 ** 31 - 1;

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
  throw new UsageError('replay token is damaged (truncated number)');
}
