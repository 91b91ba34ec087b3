// The warehouse sink: after a capture or an import, the plays inserted since the high-water mark (and
// the catalog rows they need) go to BigQuery with insertAll. The mark moves only past rows BigQuery
// accepted, after they were accepted: an outage or a failed row means "send again next run".
import type { BigQuery } from '@google-cloud/bigquery';
import type { Db } from '../store/db.ts';
import { pendingRows, readMark, writeMark, type WarehouseRow } from './local-rows.ts';
import { insertWithRetries, type RowFailure } from './insert.ts';
import { ensureWarehouse, forgetSetup, isNotFound } from './setup.ts';
import type { WarehouseTarget } from './target.ts';

export type WarehouseReport = {
  plays: number;
  catalogRows: number;
  requests: number;
  bytes: number;
  retried: number;
  failed: RowFailure[];
};

const MAX_PLAYS_PER_RUN = 50_000;

export interface SyncWarehouseDeps {
  db: Db;
  bigquery: BigQuery;
  target: WarehouseTarget;
  timeZone: string;
}

export async function syncWarehouse(deps: SyncWarehouseDeps): Promise<WarehouseReport> {
  try {
    return await sendPending(deps);
  } catch (err) {
    // Someone deleted the dataset or a table: set it up again on the next run.
    if (isNotFound(err)) await forgetSetup(deps.db);
    throw err;
  }
}

async function sendPending(deps: SyncWarehouseDeps): Promise<WarehouseReport> {
  const report: WarehouseReport = { plays: 0, catalogRows: 0, requests: 0, bytes: 0, retried: 0, failed: [] };
  report.requests += await ensureWarehouse(deps);
  const dataset = deps.bigquery.dataset(deps.target.datasetId);
  for (;;) {
    const mark = await readMark(deps.db);
    const pending = await pendingRows(deps.db, mark, MAX_PLAYS_PER_RUN);
    if (!pending.plays.length) return report;
    // Catalog first, so a view joining plays to tracks never sees a play without its track.
    for (const [name, rows] of Object.entries(pending.catalog)) {
      if (!rows.length) continue;
      const out = await insertWithRetries(dataset.table(name), rows);
      add(report, out);
      report.catalogRows += out.sent;
    }
    const out = await insertWithRetries(dataset.table('plays'), pending.plays);
    add(report, out);
    report.plays += out.sent;
    const next = nextMark(pending.plays, new Set(out.failed.map((f) => f.insertId)), mark.insertedUs);
    if (next > mark.insertedUs) await writeMark(deps.db, { insertedUs: next });
    if (out.failed.length || report.failed.length || pending.plays.length < MAX_PLAYS_PER_RUN) return report;
  }
}

function add(report: WarehouseReport, out: Awaited<ReturnType<typeof insertWithRetries>>) {
  report.requests += out.requests;
  report.bytes += out.bytes;
  report.retried += out.retried;
  report.failed.push(...out.failed);
}

// Plays are ordered by inserted_at: the mark may move to just before the first failed play.
function nextMark(
  plays: (WarehouseRow & { insertedUs: number })[],
  failed: Set<string>,
  current: number,
): number {
  let mark = current;
  for (const p of plays) {
    if (failed.has(p.insertId)) return Math.max(current, Math.min(mark, p.insertedUs - 1));
    mark = p.insertedUs;
  }
  return mark;
}
