// insertAll row checking, the way BigQuery reports it: one entry per bad row, and (without
// skipInvalidRows) the good rows of a request with any bad row are "stopped", not inserted.
import type { BqFaults, BqTable } from './state.js';
import { zetaType } from './state.js';
import type { ZetaCell } from './zetasql.js';

export type RowError = { index: number; errors: { reason: string; location?: string; message: string }[] };
export type InsertRequestRow = { insertId?: string; json: Record<string, unknown> };

function convertCell(type: string, value: unknown): ZetaCell | undefined {
  if (value === null || value === undefined) return null;
  switch (zetaType(type)) {
    case 'INT64':
      return typeof value === 'number' && Number.isInteger(value)
        ? value
        : typeof value === 'string' && /^-?\d+$/.test(value)
          ? Number(value)
          : undefined;
    case 'FLOAT64':
      return typeof value === 'number' ||
        (typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value)))
        ? Number(value)
        : undefined;
    case 'BOOL':
      return typeof value === 'boolean'
        ? value
        : value === 'true'
          ? true
          : value === 'false'
            ? false
            : undefined;
    case 'TIMESTAMP':
      return typeof value === 'string' && !isNaN(Date.parse(value))
        ? new Date(value).toISOString()
        : undefined;
    case 'DATE':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
    default:
      return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  }
}

function checkRow(table: BqTable, json: Record<string, unknown>, ignoreUnknown: boolean) {
  const errors: RowError['errors'] = [];
  const cells: ZetaCell[] = [];
  for (const field of table.schema) {
    const cell = convertCell(field.type, json[field.name]);
    if (cell === undefined) {
      errors.push({
        reason: 'invalid',
        location: field.name,
        message: `Cannot convert value to ${field.type}.`,
      });
    } else if (cell === null && field.mode === 'REQUIRED') {
      errors.push({
        reason: 'invalid',
        location: field.name,
        message: `Missing required field: ${field.name}.`,
      });
    }
    cells.push(cell ?? null);
  }
  if (!ignoreUnknown) {
    for (const key of Object.keys(json)) {
      if (!table.schema.some((f) => f.name === key)) {
        errors.push({ reason: 'invalid', location: key, message: `no such field: ${key}.` });
      }
    }
  }
  return { errors, cells };
}

export function insertRows(
  table: BqTable,
  rows: InsertRequestRow[],
  opts: { skipInvalidRows: boolean; ignoreUnknownValues: boolean },
  faults: BqFaults,
): RowError[] {
  const checked = rows.map((row) => {
    const result = checkRow(table, row.json ?? {}, opts.ignoreUnknownValues);
    const rejected = faults.rejectRow?.(row.json ?? {});
    if (rejected) result.errors.push({ reason: 'backendError', message: rejected });
    return result;
  });
  const bad: RowError[] = [];
  checked.forEach((c, index) => c.errors.length && bad.push({ index, errors: c.errors }));
  if (bad.length && !opts.skipInvalidRows) {
    checked.forEach((c, index) => {
      if (!c.errors.length) bad.push({ index, errors: [{ reason: 'stopped', message: '' }] });
    });
    return bad.sort((a, b) => a.index - b.index);
  }
  checked.forEach((c, index) => {
    if (c.errors.length) return;
    const id = rows[index]!.insertId;
    // Best-effort de-duplication as in BigQuery: a repeated insertId is accepted and dropped.
    if (id !== undefined && table.insertIds.has(id)) return;
    if (id !== undefined) table.insertIds.add(id);
    table.rows.push(c.cells);
  });
  return bad;
}
