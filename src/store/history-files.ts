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
