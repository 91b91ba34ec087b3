// Dataset, tables and views, created or updated once per definition version: a run whose
// definitions are unchanged makes no setup request at all.
import { createHash } from 'node:crypto';
import type { BigQuery } from '@google-cloud/bigquery';
import type { Db } from '../store/db.ts';
import { readState, writeState } from '../store/sync-state.ts';
import { WAREHOUSE_TABLES } from './tables.ts';
import type { WarehouseTarget } from './target.ts';
import { warehouseViews } from './views.ts';

const SETUP_KEY = 'warehouse:bigquery:setup';

/** Forget the setup, so the next run checks and creates the dataset, tables and views again. */
export function forgetSetup(db: Db): Promise<void> {
  return writeState(db, SETUP_KEY, { version: null });
}

export const isNotFound = (err: unknown) => (err as { code?: number }).code === 404;

/** Ensures everything exists; returns how many requests it made. */
export async function ensureWarehouse(deps: {
  db: Db;
  bigquery: BigQuery;
  target: WarehouseTarget;
  timeZone: string;
}): Promise<number> {
  const views = warehouseViews(deps.target, deps.timeZone);
  const version = createHash('sha256')
    .update(JSON.stringify([deps.target, WAREHOUSE_TABLES, views]))
    .digest('hex');
  if ((await readState<{ version: string }>(deps.db, SETUP_KEY))?.version === version) return 0;
  let requests = 0;
  const dataset = deps.bigquery.dataset(deps.target.datasetId);
  requests++;
  const [exists] = await dataset.exists();
  if (!exists) {
    requests++;
    await dataset.create();
  }
  for (const [name, fields] of Object.entries(WAREHOUSE_TABLES)) {
    requests++;
    const [has] = await dataset.table(name).exists();
    if (!has) {
      requests++;
      await dataset.createTable(name, { schema: { fields } });
    }
  }
  for (const view of views) {
    const metadata = { description: view.description, view: { query: view.query, useLegacySql: false } };
    requests++;
    try {
      await dataset.table(view.name).setMetadata(metadata);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      requests++;
      await dataset.createTable(view.name, metadata);
    }
  }
  await writeState(deps.db, SETUP_KEY, { version });
  return requests;
}
