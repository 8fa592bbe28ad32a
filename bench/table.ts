/**
 * Renders rows as a plain-text, markdown-compatible table, numbers with
 * thousands separators, followed by the notes of every benchmark. A row with a
 * target reads `pass` or `miss`.
 */
import type { Row } from './types.ts';

const HEADERS = ['benchmark', 'value', 'unit', 'reference/target', 'verdict'] as const;

/** Formats a measured value: integers grouped, small numbers with 3 significant digits. */
export function formatValue(v: number | string): string {
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toPrecision(3);
}

/** How a verdict reads in the table (`FAIL`, the older spelling, reads `miss`). */
export function verdictText(v: Row['verdict']): string {
  return v === 'FAIL' ? 'miss' : v;
}

/** A row judged against a target that it missed. */
export function missed(r: Row): boolean {
  return r.verdict === 'miss' || r.verdict === 'FAIL';
}

/** The table as lines of text. */
export function renderTable(rows: readonly Row[], notes: readonly string[]): string {
  const cells = rows.map((r) => [r.benchmark, formatValue(r.value), r.unit, r.reference, verdictText(r.verdict)]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (cols: readonly string[]): string =>
    `| ${cols.map((c, i) => (i === 1 ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  const out = [line(HEADERS), `|${widths.map((w, i) => (i === 1 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`];
  for (const c of cells) out.push(line(c));
  if (notes.length > 0) out.push('', ...notes.map((n) => `- ${n}`));
  return out.join('\n');
}
