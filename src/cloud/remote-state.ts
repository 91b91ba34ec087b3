/**
 * State on Cloud Run (no persistent disk): the DuckDB file lives in a bucket
 * (ENCORE_STATE_URL=gs://BUCKET/encore.duckdb) and every job run is one optimistic
 * transaction over it:
 *
 *   1. download the file into a fresh working copy and remember its generation
 *      (0 = it does not exist yet: the first run creates it);
 *   2. run the job against that copy, then checkpoint it (the WAL folded into the file);
 *   3. upload with `ifGenerationMatch=<that generation>`.
 *
 * If another instance or an overlapping scheduled run wrote first, step 3 answers 412:
 * nothing is overwritten; we throw our copy away, download the winner's file and run
 * the job again on it. That is safe because every encore job is idempotent (upserts,
 * cursors that move after commit), so re-running on newer state adds only what is still
 * missing. Nothing is lost: a run's work is either in the uploaded file or redone.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { Db } from '../store/db.ts';
import { createStorageClient } from './gcs-client.ts';
import { parseGsUrl } from './gs-url.ts';
import { createGcsObjectStore, type ObjectStore, PreconditionFailedError } from './object-store.ts';
import { ConflictError } from '../util/errors.ts';

export interface RemoteStateOptions {
  /** Default: the GCS adapter built from the config. */
  store?: ObjectStore;
  /** How many lost races to retry before giving up (default 5). */
  maxAttempts?: number;
  logger?: { info(message: string): void; warn(message: string): void };
  /** Called after each lost race (tests and logs). */
  onConflict?: (attempt: number) => void;
  /**
   * Called with the attempt's file once it is uploaded, before it is deleted: `encore serve`
   * moves it into place as the local copy its pages read (renaming it is fine).
   */
  onSaved?: (path: string) => Promise<void>;
}

export class RemoteStateConflictError extends ConflictError {
  readonly code = 'remote_state_conflict';

  constructor(location: string, attempts: number) {
    super(
      `${location} kept changing under this run (${attempts} attempts lost the race); another instance is writing it continuously — run with max-instances 1 or stagger the schedules.`,
    );
    this.name = 'RemoteStateConflictError';
  }
}

/**
 * Runs `run` against the remote DuckDB file when ENCORE_STATE_URL is set, else just runs
 * it. `run` gets the local database path of this attempt; it must open the database
 * there and close it before returning (a job's own open/close does exactly that).
 */
export async function withRemoteState<T>(
  config: Config,
  run: (dbPath: string) => Promise<T>,
  options: RemoteStateOptions = {},
): Promise<T> {
  const url = config.cloud.stateUrl;
  if (!url) return run(config.dbPath);
  const { bucket, object } = parseGsUrl(url, 'ENCORE_STATE_URL');
  const store = options.store ?? createGcsObjectStore(createStorageClient(config.cloud.storage));
  const maxAttempts = options.maxAttempts ?? 5;
  const workDir = join(config.dataDir, 'remote-state');
  mkdirSync(workDir, { recursive: true });
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const path = join(workDir, `${randomUUID()}.duckdb`);
    try {
      const generation = await store.download(bucket, object, path);
      const result = await run(path);
      await checkpoint(path);
      await store.upload(bucket, object, path, { ifGeneration: generation });
      options.logger?.info(`saved state to ${url} (attempt ${attempt})`);
      await options.onSaved?.(path);
      return result;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      options.logger?.warn(`${url} was written by another run first; re-running on the newer state`);
      options.onConflict?.(attempt);
    } finally {
      rmSync(path, { force: true });
      rmSync(`${path}.wal`, { force: true });
    }
  }
  throw new RemoteStateConflictError(url, maxAttempts);
}

/** Folds the write-ahead log into the file, so the upload is the whole database. */
async function checkpoint(path: string): Promise<void> {
  const db = await Db.open(path);
  try {
    await db.run('CHECKPOINT');
  } finally {
    await db.close();
  }
}
