import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db.ts';
import {
  deleteWebSession,
  findWebSession,
  insertWebSession,
  purgeExpiredSessions,
} from '../store/web-sessions.ts';

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
  await insertWebSession(db, hashSessionId(id), {
    userId,
    csrfToken: session.csrfToken,
    createdAt: new Date(now),
    expiresAt: new Date(session.expiresAt),
  });
  return { id, session };
}

/** The live session for a cookie value, or undefined (unknown, expired, or the account is gone). */
export async function findSession(db: Queryable, id: string, now: number): Promise<Session | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(id)) return undefined;
  const row = await findWebSession(db, hashSessionId(id));
  if (!row || row.expiresAt.getTime() <= now) return undefined;
  return { userId: row.userId, csrfToken: row.csrfToken, expiresAt: row.expiresAt.getTime() };
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await deleteWebSession(db, hashSessionId(id));
}
