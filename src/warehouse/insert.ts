// insertAll with BigQuery's per-row errors handled: failed rows (bad ones, and the good ones the
// request "stopped") are sent again; rows that still fail are returned, never dropped silently.
import type { Table } from '@google-cloud/bigquery';
import type { WarehouseRow } from './local-rows.ts';

export const INSERT_BATCH_ROWS = 500;
const ROW_ATTEMPTS = 3;

export type RowFailure = { insertId: string; reason: string; message: string };
export type InsertOutcome = {
  sent: number;
  requests: number;
  bytes: number;
  retried: number;
  failed: RowFailure[];
};

type PartialFailure = {
  name?: string;
  errors?: { row?: WarehouseRow; errors: { reason?: string; message?: string }[] }[];
};

async function insertOnce(table: Table, rows: WarehouseRow[]): Promise<Map<WarehouseRow, RowFailure>> {
  try {
    // skipInvalidRows: the good rows of a request land even when one row is bad; only bad rows come back.
    await table.insert(rows, { raw: true, partialRetries: 0, skipInvalidRows: true });
    return new Map();
  } catch (err) {
    const partial = err as PartialFailure;
    if (partial.name !== 'PartialFailureError' || !partial.errors) throw err;
    const failed = new Map<WarehouseRow, RowFailure>();
    for (const e of partial.errors) {
      if (!e.row) continue;
      // A "stopped" row was fine; keep the bad row's reason when there is one.
      const bad = e.errors.find((x) => x.reason !== 'stopped') ?? e.errors[0];
      failed.set(e.row, {
        insertId: e.row.insertId,
        reason: bad?.reason ?? 'unknown',
        message: bad?.message ?? '',
      });
    }
    return failed;
  }
}

export async function insertWithRetries(table: Table, rows: WarehouseRow[]): Promise<InsertOutcome> {
  const outcome: InsertOutcome = { sent: 0, requests: 0, bytes: 0, retried: 0, failed: [] };
  for (let start = 0; start < rows.length; start += INSERT_BATCH_ROWS) {
    let pending = rows.slice(start, start + INSERT_BATCH_ROWS);
    let failures = new Map<WarehouseRow, RowFailure>();
    for (let attempt = 0; attempt < ROW_ATTEMPTS && pending.length; attempt++) {
      if (attempt > 0) outcome.retried += pending.length;
      outcome.requests++;
      outcome.bytes += Buffer.byteLength(JSON.stringify({ rows: pending }));
      failures = await insertOnce(table, pending);
      outcome.sent += pending.length - failures.size;
      pending = [...failures.keys()];
    }
    outcome.failed.push(...failures.values());
  }
  return outcome;
}
