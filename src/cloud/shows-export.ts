/**
 * The original design's weekly dataset in a bucket: with ENCORE_SHOWS_EXPORT=gs://BUCKET/
 * shows.csv (or .parquet), every shows sync writes the same file `encore shows export`
 * writes (same code, same columns) and uploads it. The object is replaced each week —
 * it is derived data, so the newest sync wins and no precondition is needed.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { exportShows, type ShowsExportFormat } from '../shows/export-shows.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../util/logger.ts';
import { createStorageClient } from './gcs-client.ts';
import { parseGsUrl } from './gs-url.ts';
import { createGcsObjectStore, type ObjectStore } from './object-store.ts';

export interface CloudShowsExport {
  url: string;
  rows: number;
  events: number;
  generation: number;
}

export interface CloudShowsExportDeps {
  config: Config;
  db: Db;
  now: Date;
  store?: ObjectStore;
}

/** Writes and uploads the dataset; undefined when ENCORE_SHOWS_EXPORT is not set. */
export async function exportShowsToCloud(deps: CloudShowsExportDeps): Promise<CloudShowsExport | undefined> {
  const url = deps.config.shows.exportUrl;
  if (!url) return undefined;
  const { bucket, object } = parseGsUrl(url, 'ENCORE_SHOWS_EXPORT');
  const format: ShowsExportFormat = object.endsWith('.parquet') ? 'parquet' : 'csv';
  const store = deps.store ?? createGcsObjectStore(createStorageClient(deps.config.cloud.storage));
  const dir = join(deps.config.dataDir, 'exports');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `shows-${randomUUID()}.${format}`);
  try {
    const written = await exportShows({ db: deps.db, format, out: path, now: deps.now });
    const contentType = format === 'csv' ? 'text/csv' : 'application/vnd.apache.parquet';
    const generation = await store.upload(bucket, object, path, { contentType });
    return { url, rows: written.rows, events: written.events, generation };
  } finally {
    rmSync(path, { force: true });
  }
}

/**
 * The hook the shows sync runner calls after a sync: uploads when configured and logs the
 * outcome. A failed upload is logged as an error and does not undo the sync (its rows are
 * committed); the next sync uploads again.
 */
export async function publishShowsExport(
  deps: CloudShowsExportDeps & { logger: Logger },
): Promise<CloudShowsExport | undefined> {
  try {
    const result = await exportShowsToCloud(deps);
    if (result)
      deps.logger.info(`shows dataset written to ${result.url}`, {
        rows: result.rows,
        events: result.events,
      });
    return result;
  } catch (error) {
    deps.logger.error(`shows dataset upload failed: ${(error as Error).message}`);
    return undefined;
  }
}
