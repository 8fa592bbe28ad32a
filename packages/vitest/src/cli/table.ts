/**
 * Plain-text tables for the terminal and CI logs: left-aligned columns sized
 * to their widest cell, a rule under the header, no colour codes inside cells
 * (so widths stay right); `paint` colours whole cells after padding.
 */

/**
 * Formats rows under a header.
 *
 * @example
 * ```ts
 * table(['a', 'b'], [['1', 'two']]); // 'a  b\n-  ---\n1  two'
 * ```
 */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  paint: (cell: string, row: number, col: number) => string = (c) => c,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[], row: number): string =>
    cells.map((c, i) => {
      const padded = i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0);
      return row < 0 ? padded : paint(padded, row, i);
    }).join('  ').trimEnd();
  return [line(header, -1), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r, i) => line(r, i))].join('\n');
}
