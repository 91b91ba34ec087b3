import { formatNumber } from '../util/numbers.ts';

/** Plain-text tables for the terminal: columns padded to their widest cell; numbers grouped ("12,345"). */
export function formatTable(
  headers: string[],
  rows: Array<Array<string | number | null | undefined>>,
): string {
  const cells = rows.map((row) =>
    row.map((c) => (c === null || c === undefined ? '' : typeof c === 'number' ? formatNumber(c) : c)),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
