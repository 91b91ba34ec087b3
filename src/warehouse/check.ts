/**
 * `encore doctor`'s warehouse lines: is ENCORE_WAREHOUSE well formed, does the endpoint answer,
 * does the dataset exist and may this identity use it — and how far the sink has got (the
 * high-water mark in the local store, plays not sent yet). The probe reads dataset metadata
 * only, never writes, and does not retry: a doctor run answers in seconds.
 */
import { existsSync } from 'node:fs';
import type { BigQuery } from '@google-cloud/bigquery';
import type { Config } from '../config/config.ts';
import type { Db, Queryable } from '../store/db.ts';
import { openStore } from '../store/open.ts';
import { bigQueryClient } from './index.ts';
import { readMark } from './local-rows.ts';
import { parseWarehouse, type WarehouseTarget } from './target.ts';

export interface WarehouseCheck {
  ok: boolean | 'info';
  label: string;
  detail: string;
}

export interface WarehouseCheckOptions {
  /** Default: the configured client without retries. */
  bigquery?: BigQuery;
  timeoutMs?: number;
  /** The local store, for the high-water mark; omitted when it cannot be opened. */
  db?: Queryable;
}

const LABEL = 'ENCORE_WAREHOUSE';

export async function checkWarehouse(
  config: Config,
  options: WarehouseCheckOptions = {},
): Promise<WarehouseCheck[]> {
  let target: WarehouseTarget | undefined;
  try {
    target = parseWarehouse(config.warehouse.setting, config.warehouse.bigqueryEndpoint);
  } catch (error) {
    return [{ ok: false, label: LABEL, detail: (error as Error).message }];
  }
  if (!target)
    return [
      {
        ok: 'info',
        label: LABEL,
        detail: 'not set (optional) — bigquery://PROJECT/DATASET copies plays into BigQuery',
      },
    ];
  const checks: WarehouseCheck[] = [
    {
      ok: 'info',
      label: 'BigQuery endpoint',
      detail: target.endpoint
        ? `${target.endpoint} (emulator or simulator; no Google credentials used)`
        : 'Google BigQuery with Application Default Credentials',
    },
  ];
  const bigquery = options.bigquery ?? bigQueryClient(target, { autoRetry: false, maxRetries: 0 });
  checks.push(await datasetCheck(bigquery, target, options.timeoutMs ?? 10_000));
  if (options.db) checks.push(await progressCheck(options.db));
  return checks;
}

async function datasetCheck(
  bigquery: BigQuery,
  target: WarehouseTarget,
  timeoutMs: number,
): Promise<WarehouseCheck> {
  const where = `${target.projectId}:${target.datasetId}`;
  try {
    await withTimeout(bigquery.dataset(target.datasetId).get(), timeoutMs);
    return {
      ok: true,
      label: LABEL,
      detail: `bigquery://${target.projectId}/${target.datasetId} — dataset reachable`,
    };
  } catch (error) {
    return { ok: false, label: LABEL, detail: describeFailure(error, target, where) };
  }
}

function describeFailure(error: unknown, target: WarehouseTarget, where: string): string {
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message ?? String(error);
  if (code === 404)
    return `dataset ${where} does not exist — create it with \`bq mk --dataset ${where}\` (or fix the name in ENCORE_WAREHOUSE)`;
  if (code === 403 || code === 401)
    return `permission denied on ${where} — give the service account roles/bigquery.dataEditor on the dataset and roles/bigquery.jobUser on project ${target.projectId}`;
  const down = /ECONNREFUSED|ENOTFOUND|did not answer/.test(message);
  return `cannot reach ${where}: ${message}${down && target.endpoint ? ` — is ${target.endpoint} running?` : ''}`;
}

/** The sink's progress from the local store: what was last accepted, what waits to be sent. */
async function progressCheck(db: Queryable): Promise<WarehouseCheck> {
  const mark = await readMark(db);
  const pending = await db.one<{ n: number }>(
    'SELECT count(*) AS n FROM plays WHERE epoch_us(inserted_at) > ?',
    [mark.insertedUs],
  );
  const sent =
    mark.insertedUs < 0
      ? 'nothing sent yet'
      : `sent up to plays stored at ${new Date(Math.floor(mark.insertedUs / 1000)).toISOString()}`;
  return { ok: 'info', label: 'warehouse sync', detail: `${sent}; ${pending?.n ?? 0} play(s) pending` };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The doctor's entry: the checks above with the local store opened (when it exists and is free). */
export async function checkWarehouseWithStore(config: Config): Promise<WarehouseCheck[]> {
  if (!config.warehouse.setting || !existsSync(config.dbPath)) return checkWarehouse(config);
  let db: Db | undefined;
  try {
    db = await openStore(config.dbPath);
  } catch {
    // Locked by a running encore (or unreadable): the database line says so; skip the progress.
    return checkWarehouse(config);
  }
  try {
    return await checkWarehouse(config, { db });
  } finally {
    await db.close();
  }
}
