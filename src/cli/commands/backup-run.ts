/** The bodies of `encore backup` and `encore restore` (loaded only when one of them runs). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/config.ts';
import { createBackup, defaultBackupPath } from '../../ops/backup/backup.ts';
import { restoreBackup } from '../../ops/backup/restore.ts';
import { formatCount, formatDecimal } from '../../util/numbers.ts';
import { reportError, UsageError, withContext } from '../run.ts';

const megabytes = (bytes: number) => `${formatDecimal(bytes / 1024 ** 2, 1)} MB`;

/**
 * While `encore serve` holds the database, withContext hands the whole command to the
 * server (src/control/), which makes the snapshot from its open connection.
 */
export function runBackup(opts: { out?: string }): Promise<void> {
  return withContext(
    async (ctx) => {
      const now = ctx.clock.now();
      const out = resolve(opts.out ?? defaultBackupPath(ctx.config, now));
      if (existsSync(out)) throw new UsageError(`${out} exists already: pass another --out.`);
      const { manifest, bytes } = await createBackup({ db: ctx.db, config: ctx.config, now }, out);
      console.log(
        `Backed up ${formatCount(manifest.plays)} plays of ${formatCount(manifest.accounts)} account(s) and ` +
          `${manifest.files.length - 1} other file(s) to ${out} (${megabytes(bytes)}, schema ${manifest.schemaVersion}).`,
      );
      console.log(`Keep it private (it holds the token key). Restore with \`encore restore ${out}\`.`);
    },
    { missingDatabase: (path) => `Nothing to back up: there is no database at ${path} yet.` },
  );
}

export async function runRestore(file: string, opts: { force?: boolean }): Promise<number> {
  try {
    const config = loadConfig();
    const result = await restoreBackup(config, resolve(file), opts);
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
