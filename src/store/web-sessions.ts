import type { Queryable } from './db.ts';

/**
 * Table web_sessions: one row per signed-in browser. Rows are keyed by the hash of the
 * session id (the id itself lives only in the browser's cookie); src/web/sessions.ts
 * makes the ids and tokens.
 */
export interface WebSessionRow {
  userId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function insertWebSession(
  db: Queryable,
  hash: string,
  row: WebSessionRow & { createdAt: Date },
): Promise<void> {
  await db.run(
    `INSERT INTO web_sessions (session_hash, user_id, csrf_token, created_at, expires_at)
     VALUES (?, ?, ?, ?::TIMESTAMPTZ, ?::TIMESTAMPTZ)`,
    [hash, row.userId, row.csrfToken, row.createdAt, row.expiresAt],
  );
}

/** The session stored under this hash, if its account still exists (expired ones included). */
export async function findWebSession(db: Queryable, hash: string): Promise<WebSessionRow | undefined> {
  const row = await db.one<{ user_id: string; csrf_token: string; expires_at: Date }>(
    `SELECT s.user_id, s.csrf_token, s.expires_at FROM web_sessions s
     JOIN users u ON u.user_id = s.user_id
     WHERE s.session_hash = ?`,
    [hash],
  );
  return row ? { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at } : undefined;
}

export async function deleteWebSession(db: Queryable, hash: string): Promise<void> {
  await db.run('DELETE FROM web_sessions WHERE session_hash = ?', [hash]);
}

/** Drops expired rows; called now and then so the table does not grow forever. */
export async function purgeExpiredSessions(db: Queryable, now: number): Promise<void> {
  await db.run('DELETE FROM web_sessions WHERE expires_at <= ?::TIMESTAMPTZ', [new Date(now)]);
}
