/** The bodies of `encore backup` and `encore restore` (loaded only when one of them runs). */
import { createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type Config, loadConfig } from '../../config/config.ts';
import { createBackup, defaultBackupPath } from '../../ops/backup/backup.ts';
import { restoreBackup, RestoreError } from '../../ops/backup/restore.ts';
import { ArchiveError } from '../../ops/backup/tar.ts';
import { DatabaseLockedError } from '../../store/db.ts';
import { openStore } from '../../store/open.ts';
import { formatCount, formatDecimal } from '../../util/numbers.ts';
import { reportError, UsageError } from '../run.ts';

const megabytes = (bytes: number) => `${formatDecimal(bytes / 1024 ** 2, 1)} MB`;

export async function runBackup(opts: { out?: string }): Promise<number> {
  try {
    const config = loadConfig();
    const now = Date.now();
    const out = resolve(opts.out ?? defaultBackupPath(config, now));
    if (existsSync(out)) throw new UsageError(`${out} exists already: pass another --out.`);
    if (!existsSync(config.dbPath))
      throw new UsageError(`Nothing to back up: there is no database at ${config.dbPath} yet.`);
    let db;
    try {
      db = await openStore(config.dbPath);
    } catch (error) {
      if (error instanceof DatabaseLockedError) return await backupViaServer(config, out);
      throw error;
    }
    try {
      const { manifest, bytes } = await createBackup({ db, config, now }, out);
      console.log(
        `Backed up ${formatCount(manifest.plays)} plays of ${formatCount(manifest.accounts)} account(s) and ` +
          `${manifest.files.length - 1} other file(s) to ${out} (${megabytes(bytes)}, schema ${manifest.schemaVersion}).`,
      );
      console.log(`Keep it private (it holds the token key). Restore with \`encore restore ${out}\`.`);
      return 0;
    } finally {
      await db.close();
    }
  } catch (error) {
    return reportError(error);
  }
}

/**
 * `encore serve` holds the database, so the server makes the backup (POST /jobs/backup)
 * when the job secret is set; otherwise the message says how to get one.
 */
async function backupViaServer(config: Config, out: string): Promise<number> {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/jobs/backup`;
  if (!config.jobSecret)
    throw new UsageError(
      `encore serve is running with this database, so the backup must come from it: use "Download backup" on ` +
        `http://${host}:${config.port}/status, or set ENCORE_JOB_SECRET (for both) and run \`encore backup\` again.`,
    );
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${config.jobSecret}` } });
  } catch (error) {
    throw new UsageError(
      `The database is in use, and the server at ${url} does not answer (${(error as Error).message}).`,
    );
  }
  if (response.status !== 200 || !response.body)
    throw new UsageError(`The running server refused the backup (HTTP ${response.status} from ${url}).`);
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream),
      createWriteStream(out, { mode: 0o600 }),
    );
  } catch (error) {
    rmSync(out, { force: true });
    throw error;
  }
  console.log(`Backed up through the running server (${url}) to ${out} (${megabytes(statSync(out).size)}).`);
  console.log(`Keep it private (it holds the token key). Restore with \`encore restore ${out}\`.`);
  return 0;
}

export async function runRestore(file: string, opts: { force?: boolean }): Promise<number> {
  try {
    const config = loadConfig();
    const result = await restoreBackup(config, resolve(file), opts).catch((error: Error) => {
      if (error instanceof RestoreError || error instanceof ArchiveError) throw new UsageError(error.message);
      throw error;
    });
    const m = result.manifest;
    console.log(
      `Restored ${formatCount(result.plays)} plays of ${formatCount(result.accounts)} account(s) into ${config.dataDir} ` +
        `(backup of ${m.createdAt}, encore ${m.encoreVersion})${result.replaced ? '; the previous data folder was replaced' : ''}.`,
    );
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
