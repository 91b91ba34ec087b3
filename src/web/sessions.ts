import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db.ts';

/** A signed-in browser: which account it is, and the token its forms must echo back. */
export interface Session {
  userId: string;
  csrfToken: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** 32 random bytes, URL-safe: the cookie value and the CSRF token are both made this way. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only the hash of a session id is stored; the id itself exists only in the browser's cookie. */
export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * Signs a browser in as `userId`. The browser's previous session (if its cookie named
 * one) is deleted first, so a browser holds one session at a time and a session id
 * chosen before sign-in is never reused after it (no fixation).
 */
export async function createSession(
  db: Queryable,
  userId: string,
  now: number,
  previousId?: string,
): Promise<{ id: string; session: Session }> {
  if (previousId) await deleteSession(db, previousId);
  // Housekeeping on each sign-in, so a long-running server does not keep dead sessions.
  await purgeExpiredSessions(db, now);
  const id = randomToken();
  const session: Session = { userId, csrfToken: randomToken(), expiresAt: now + SESSION_TTL_MS };
  await db.run(
    `INSERT INTO web_sessions (session_hash, user_id, csrf_token, created_at, expires_at)
     VALUES (?, ?, ?, ?::TIMESTAMPTZ, ?::TIMESTAMPTZ)`,
    [hashSessionId(id), userId, session.csrfToken, new Date(now), new Date(session.expiresAt)],
  );
  return { id, session };
}

/** The live session for a cookie value, or undefined (unknown, expired, or the account is gone). */
export async function findSession(db: Queryable, id: string, now: number): Promise<Session | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return undefined;
  const row = await db.one<{ user_id: string; csrf_token: string; expires_at: Date }>(
    `SELECT s.user_id, s.csrf_token, s.expires_at FROM web_sessions s
     JOIN users u ON u.user_id = s.user_id
     WHERE s.session_hash = ?`,
    [hashSessionId(id)],
  );
  if (!row || row.expires_at.getTime() <= now) return undefined;
  return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at.getTime() };
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.run('DELETE FROM web_sessions WHERE session_hash = ?', [hashSessionId(id)]);
}

/** Drops expired rows; called now and then so the table does not grow forever. */
export async function purgeExpiredSessions(db: Queryable, now: number): Promise<void> {
  await db.run('DELETE FROM web_sessions WHERE expires_at <= ?::TIMESTAMPTZ', [new Date(now)]);
}
