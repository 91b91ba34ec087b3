/**
 * `encore backup`: one tar.gz of the data folder that can be restored elsewhere. The
 * database goes in as a snapshot taken inside DuckDB (COPY FROM DATABASE into a new file,
 * one statement, so it is consistent even while the server writes); every other file of
 * the data folder (the key file that decrypts the stored Spotify tokens, exports…) is
 * copied as it is. A manifest lists each file with its size and SHA-256, and the schema
 * version, so that restore can check everything before it replaces anything.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../store/db.ts';
import { sqlLiteral } from '../../store/db.ts';
import { encoreVersion } from '../../util/version.ts';
import { type TarInput, writeTarGz } from './tar.ts';

export const BACKUP_FORMAT = 'encore-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** Archive names: the manifest, the database snapshot, and the data folder's other files. */
export const MANIFEST_NAME = 'manifest.json';
export const DATABASE_NAME = 'database.duckdb';
export const FILES_DIR = 'files';
/** Inside the data folder, where backups go without --out (never itself backed up). */
export const BACKUPS_DIR = 'backups';

export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  encoreVersion: string;
  /** The highest database migration applied (src/store/migrations). */
  schemaVersion: number;
  /** Where the database lived, relative to the data folder. */
  databasePath: string;
  plays: number;
  accounts: number;
  files: ManifestFile[];
}

export interface BackupResult {
  path: string;
  manifest: BackupManifest;
  bytes: number;
}

/** `<data folder>/backups/encore-backup-20261204-181500.tar.gz` (UTC). */
export function defaultBackupPath(config: Pick<Config, 'dataDir'>, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join(config.dataDir, BACKUPS_DIR, `encore-backup-${stamp}.tar.gz`);
}

/** Writes a backup of the data folder (with the database `db` has open) to `out`. */
export async function createBackup(
  deps: { db: Db; config: Pick<Config, 'dataDir' | 'dbPath'>; now: number },
  out: string,
): Promise<BackupResult> {
  mkdirSync(dirname(resolve(out)), { recursive: true });
  const work = mkdtempSync(join(dirname(resolve(out)), '.encore-backup-'));
  try {
    const snapshot = join(work, DATABASE_NAME);
    await snapshotDatabase(deps.db, snapshot);
    const counts = await deps.db.one<{ plays: number; accounts: number; schema: number | null }>(
      `SELECT (SELECT count(*) FROM plays) AS plays, (SELECT count(*) FROM users) AS accounts,
              (SELECT max(version) FROM schema_migrations) AS schema`,
    );
    const inputs: TarInput[] = [
      { name: DATABASE_NAME, path: snapshot, size: statSync(snapshot).size },
      ...dataFolderFiles(deps.config, out),
    ];
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date(deps.now).toISOString(),
      encoreVersion: encoreVersion(),
      schemaVersion: counts?.schema ?? 0,
      databasePath: databasePathIn(deps.config),
      plays: counts?.plays ?? 0,
      accounts: counts?.accounts ?? 0,
      files: [],
    };
    for (const input of inputs)
      manifest.files.push({ name: input.name, size: input.size, sha256: await sha256(input.path) });
    const manifestPath = join(work, MANIFEST_NAME);
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const entries = [
      { name: MANIFEST_NAME, path: manifestPath, size: statSync(manifestPath).size },
      ...inputs,
    ];
    await writeTarGz(entries, out);
    return { path: out, manifest, bytes: statSync(out).size };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * One consistent copy of every table, view and sequence, made by DuckDB itself: a copy
 * of the file could catch a checkpoint half-written while the server runs.
 */
async function snapshotDatabase(db: Db, target: string): Promise<void> {
  const current = await db.one<{ name: string }>('SELECT current_database() AS name');
  const source = `"${(current?.name ?? '').replace(/"/g, '""')}"`;
  // A name of its own, so that two backups at once (CLI job + web) never share an alias.
  const alias = `encore_backup_${randomBytes(6).toString('hex')}`;
  await db.run(`ATTACH ${sqlLiteral(target)} AS ${alias}`);
  try {
    await db.run(`COPY FROM DATABASE ${source} TO ${alias}`);
  } finally {
    await db.run(`DETACH ${alias}`);
  }
}

/** The database file relative to the data folder (just its name when it lives elsewhere). */
export function databasePathIn(config: Pick<Config, 'dataDir' | 'dbPath'>): string {
  const rel = relative(config.dataDir, config.dbPath);
  return rel && !rel.startsWith('..') && !rel.startsWith(sep)
    ? rel.split(sep).join('/')
    : basename(config.dbPath);
}

/**
 * Every regular file of the data folder except the live database (the snapshot stands
 * for it), earlier backups, and the archive being written.
 */
function dataFolderFiles(config: Pick<Config, 'dataDir' | 'dbPath'>, out: string): TarInput[] {
  const skip = new Set([resolve(config.dbPath), resolve(`${config.dbPath}.wal`), resolve(out)]);
  const found: TarInput[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(config.dataDir, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (rel !== BACKUPS_DIR && !entry.name.startsWith('.encore-')) walk(path);
      } else if (entry.isFile() && !skip.has(resolve(path)) && !/\.duckdb(\.wal)?$/.test(entry.name)) {
        found.push({ name: `${FILES_DIR}/${rel}`, path, size: statSync(path).size });
      }
    }
  };
  if (existsSync(config.dataDir)) walk(config.dataDir);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
