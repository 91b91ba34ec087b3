import type { Queryable } from './db.ts';

/** The import_files table (migration 003): which export files a user's plays already hold. */

export interface ImportedFile {
  userId: string;
  contentHash: string;
  label: string;
  format: string;
  rowsRead: number;
  playsAdded: number;
  duplicatesMerged: number;
  alreadyImported: number;
  rowsRejected: number;
  runId: string;
}

/** Content hashes of the files already imported for a user (a few dozen rows at most). */
export async function importedHashes(db: Queryable, userId: string): Promise<Set<string>> {
  const rows = await db.all<{ content_hash: string }>(
    'SELECT content_hash FROM import_files WHERE user_id = ?',
    [userId],
  );
  return new Set(rows.map((r) => r.content_hash));
}

/** Records a finished file; call inside the transaction that stored its plays. */
export async function recordImportedFile(tx: Queryable, file: ImportedFile): Promise<void> {
  await tx.run(
    `INSERT INTO import_files (user_id, content_hash, label, format, rows_read, plays_added, duplicates_merged,
       already_imported, rows_rejected, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, content_hash) DO UPDATE SET label = excluded.label, format = excluded.format,
       rows_read = excluded.rows_read, plays_added = excluded.plays_added,
       duplicates_merged = excluded.duplicates_merged, already_imported = excluded.already_imported,
       rows_rejected = excluded.rows_rejected, run_id = excluded.run_id, imported_at = now()`,
    [
      file.userId,
      file.contentHash,
      file.label,
      file.format,
      file.rowsRead,
      file.playsAdded,
      file.duplicatesMerged,
      file.alreadyImported,
      file.rowsRejected,
      file.runId,
    ],
  );
}

/**
 * Lists the plays the current transaction inserted as added by this file (migration 008).
 * Call inside the file's transaction, after its plays are stored: DuckDB's now() is the
 * transaction's start, which is also every inserted play's inserted_at.
 */
export async function recordFilePlays(tx: Queryable, userId: string, contentHash: string): Promise<void> {
  // The table has no key (migration 016): a play this file inserted is listed unless the
  // file listed it before (a forced re-import re-adding a play that was replaced meanwhile).
  await tx.run(
    `INSERT INTO import_file_plays (user_id, content_hash, track_key, played_at)
     SELECT p.user_id, ?, p.track_key, p.played_at FROM plays p
     WHERE p.user_id = ? AND p.inserted_at = now()
       AND NOT EXISTS (SELECT 1 FROM import_file_plays f
                       WHERE f.user_id = p.user_id AND f.content_hash = ?
                         AND f.track_key = p.track_key AND f.played_at = p.played_at)`,
    [contentHash, userId, contentHash],
  );
}

/** The import_files row of a file, by content hash, or null when no import recorded it. */
export async function findImportedFile(
  db: Queryable,
  userId: string,
  contentHash: string,
): Promise<{ label: string; playsAdded: number } | null> {
  const row = await db.one<{ label: string; plays_added: number }>(
    'SELECT label, plays_added FROM import_files WHERE user_id = ? AND content_hash = ?',
    [userId, contentHash],
  );
  return row ? { label: row.label, playsAdded: row.plays_added } : null;
}

/** Deletes the plays a file added and forgets the file; returns how many plays went. Inside a transaction. */
export async function deleteFilePlays(tx: Queryable, userId: string, contentHash: string): Promise<number> {
  const before = await tx.one<{ n: number }>('SELECT count(*) AS n FROM plays WHERE user_id = ?', [userId]);
  await tx.run(
    `DELETE FROM plays USING import_file_plays f
     WHERE f.user_id = ? AND f.content_hash = ? AND plays.user_id = f.user_id
       AND plays.track_key = f.track_key AND plays.played_at = f.played_at`,
    [userId, contentHash],
  );
  const after = await tx.one<{ n: number }>('SELECT count(*) AS n FROM plays WHERE user_id = ?', [userId]);
  await tx.run('DELETE FROM import_file_plays WHERE user_id = ? AND content_hash = ?', [userId, contentHash]);
  await tx.run('DELETE FROM import_files WHERE user_id = ? AND content_hash = ?', [userId, contentHash]);
  return Number(before?.n ?? 0) - Number(after?.n ?? 0);
}
