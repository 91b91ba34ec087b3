/**
 * `encore restore FILE`: the data folder as a backup left it. Everything is checked in a
 * temporary folder next to the data folder first (manifest, schema version, every file's
 * size and SHA-256, the database opening); only then is the data folder swapped for it
 * with renames, so a failure at any point leaves the old folder as it was.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../../config/config.ts';
import { Db, DatabaseLockedError } from '../../store/db.ts';
import { listMigrations } from '../../store/migrate.ts';
import { openStore } from '../../store/open.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupManifest,
  BACKUPS_DIR,
  DATABASE_NAME,
  databasePathIn,
  FILES_DIR,
  MANIFEST_NAME,
  sha256,
} from './backup.ts';
import { readTarGz } from './tar.ts';
import { InputError } from '../../util/errors.ts';

/** Something the user can act on; the message says what. */
export class RestoreError extends InputError {
  readonly code = 'restore_refused';
}

export interface RestoreResult {
  manifest: BackupManifest;
  plays: number;
  accounts: number;
  /** True when an existing data folder was replaced (with --force). */
  replaced: boolean;
}

type RestoreConfig = Pick<Config, 'dataDir' | 'dbPath'>;

export async function restoreBackup(
  config: RestoreConfig,
  archive: string,
  opts: { force?: boolean } = {},
): Promise<RestoreResult> {
  if (!existsSync(archive)) throw new RestoreError(`Nothing restored: ${archive} does not exist.`);
  const dataDir = resolve(config.dataDir);
  if (databasePathIn(config).includes('/') || dirname(resolve(config.dbPath)) !== dataDir)
    throw new RestoreError(
      'ENCORE_DB_PATH points outside the data folder; restore puts the database in the data folder, so unset it (or point it at a file directly in ENCORE_DATA_DIR).',
    );
  await refuseWhileRunning(config.dbPath);
  const present = existingEntries(dataDir);
  if (present.length && !opts.force)
    throw new RestoreError(
      `Nothing restored: the data folder ${dataDir} is not empty (${present.slice(0, 4).join(', ')}). ` +
        `Pass --force to replace it (its ${BACKUPS_DIR}/ folder is kept).`,
    );
  const work = mkdtempSync(join(dirname(dataDir), '.encore-restore-'));
  try {
    const unpacked = join(work, 'unpacked');
    const names = await readTarGz(archive, unpacked, { maxFiles: 100_000, maxTotalBytes: 64 * 1024 ** 3 });
    const manifest = await verify(unpacked, names);
    const staged = stage(unpacked, join(work, 'data'), manifest, config);
    const counts = await openRestored(join(staged, databasePathIn(config)));
    swapIn(staged, dataDir, join(work, 'old'));
    return { manifest, ...counts, replaced: present.length > 0 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A running `encore serve` holds the database: replacing its folder underneath it would lose data. */
async function refuseWhileRunning(dbPath: string): Promise<void> {
  if (!existsSync(dbPath)) return;
  try {
    await (await Db.open(dbPath)).close();
  } catch (error) {
    if (error instanceof DatabaseLockedError)
      throw new RestoreError(
        `Nothing restored: encore is running with this data folder (${dbPath}). Stop it (e.g. \`encore serve\`) first.`,
      );
    throw error;
  }
}

function existingEntries(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir).filter((name) => name !== BACKUPS_DIR && !name.startsWith('.encore-'));
}

/** The manifest, after checking it describes exactly the files that came out, byte for byte. */
async function verify(unpacked: string, names: string[]): Promise<BackupManifest> {
  if (!names.includes(MANIFEST_NAME))
    throw new RestoreError(`Not an encore backup: the archive has no ${MANIFEST_NAME}.`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(join(unpacked, MANIFEST_NAME), 'utf8')) as BackupManifest;
  } catch {
    throw new RestoreError(`Not an encore backup: ${MANIFEST_NAME} is not valid JSON.`);
  }
  if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.files))
    throw new RestoreError('Not an encore backup: the manifest is of another kind.');
  if (!(manifest.formatVersion <= BACKUP_FORMAT_VERSION))
    throw new RestoreError(
      `This backup was written by a newer encore (backup format ${manifest.formatVersion}; this one reads up to ${BACKUP_FORMAT_VERSION}). Update encore, then restore.`,
    );
  const known = Math.max(0, ...listMigrations().map((m) => m.version));
  if (!(Number(manifest.schemaVersion) <= known))
    throw new RestoreError(
      `This backup is from a newer encore (${manifest.encoreVersion}, database schema ${manifest.schemaVersion}; this encore knows schema ${known} at most). Update encore, then restore.`,
    );
  const listed = new Set(manifest.files.map((f) => f.name));
  const extra = names.filter((n) => n !== MANIFEST_NAME && !listed.has(n));
  if (extra.length) throw new RestoreError(`The backup is not intact: ${extra[0]} is not in its manifest.`);
  if (!listed.has(DATABASE_NAME)) throw new RestoreError('The backup is not intact: it holds no database.');
  for (const file of manifest.files) {
    const path = join(unpacked, ...file.name.split('/'));
    if (!names.includes(file.name) || !existsSync(path))
      throw new RestoreError(`The backup is not intact: ${file.name} is missing.`);
    if ((await sha256(path)) !== file.sha256)
      throw new RestoreError(`The backup is damaged: ${file.name} does not match its checksum.`);
  }
  return manifest;
}

/** Lays the files out as the data folder will hold them. */
function stage(unpacked: string, target: string, manifest: BackupManifest, config: RestoreConfig): string {
  mkdirSync(target, { recursive: true });
  for (const file of manifest.files) {
    const rel = file.name === DATABASE_NAME ? databasePathIn(config) : file.name.slice(FILES_DIR.length + 1);
    if (file.name !== DATABASE_NAME && !file.name.startsWith(`${FILES_DIR}/`)) continue;
    const to = join(target, ...rel.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    renameSync(join(unpacked, ...file.name.split('/')), to);
  }
  return target;
}

/** Opens the restored database (bringing an older schema up to date) and counts what it holds. */
async function openRestored(path: string): Promise<{ plays: number; accounts: number }> {
  let db: Db;
  try {
    db = await openStore(path);
  } catch (error) {
    throw new RestoreError(`The backup's database cannot be opened: ${(error as Error).message}`);
  }
  try {
    const row = await db.one<{ plays: number; accounts: number }>(
      'SELECT (SELECT count(*) FROM plays) AS plays, (SELECT count(*) FROM users) AS accounts',
    );
    return { plays: row?.plays ?? 0, accounts: row?.accounts ?? 0 };
  } finally {
    await db.close();
  }
}

/**
 * Two renames: the old folder aside, the new one in. If the second fails the first is
 * undone. The old folder's backups/ moves into the new one; the rest of it is deleted.
 */
function swapIn(staged: string, dataDir: string, aside: string): void {
  const hadOld = existsSync(dataDir);
  if (hadOld) renameSync(dataDir, aside);
  try {
    renameSync(staged, dataDir);
  } catch (error) {
    if (hadOld) renameSync(aside, dataDir);
    throw error;
  }
  const oldBackups = join(aside, BACKUPS_DIR);
  if (hadOld && existsSync(oldBackups) && !existsSync(join(dataDir, BACKUPS_DIR)))
    renameSync(oldBackups, join(dataDir, BACKUPS_DIR));
}
