import { randomUUID } from 'node:crypto';
import type { Queryable } from '../store/db.ts';
import { publicHandle, secretHash } from './secrets.ts';

/**
 * Per-account submit tokens. A token is a random UUID — the shape ListenBrainz user
 * tokens have, which some scrobblers check before sending — shown once at creation;
 * only its SHA-256 is stored. A token names one account: whatever it submits is stored
 * for that account and no other.
 */
export interface SubmitTokenRow {
  tokenId: string;
  userId: string;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function createSubmitToken(
  db: Queryable,
  userId: string,
  nowMs: number,
  label: string | null = null,
): Promise<{ tokenId: string; token: string }> {
  const token = randomUUID();
  const tokenId = publicHandle('tok');
  await db.run(
    `INSERT INTO submit_tokens (token_id, token_hash, user_id, label, created_at)
     VALUES (?, ?, ?, ?, make_timestamptz(?::BIGINT * 1000))`,
    [tokenId, secretHash(token), userId, label, nowMs],
  );
  return { tokenId, token };
}

/** The account a live (not revoked) token belongs to, or null; records when it was used. */
export async function accountForToken(db: Queryable, token: string, nowMs: number): Promise<string | null> {
  const row = await db.one<{ user_id: string; token_id: string }>(
    'SELECT user_id, token_id FROM submit_tokens WHERE token_hash = ? AND revoked_at IS NULL',
    [secretHash(token)],
  );
  if (!row) return null;
  await db.run(
    'UPDATE submit_tokens SET last_used_at = make_timestamptz(?::BIGINT * 1000) WHERE token_id = ?',
    [nowMs, row.token_id],
  );
  return row.user_id;
}

export async function listSubmitTokens(db: Queryable, userId: string): Promise<SubmitTokenRow[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT token_id, user_id, label, created_at, last_used_at, revoked_at
     FROM submit_tokens WHERE user_id = ? ORDER BY created_at, token_id`,
    [userId],
  );
  return rows.map((r) => ({
    tokenId: r.token_id as string,
    userId: r.user_id as string,
    label: (r.label as string | null) ?? null,
    createdAt: r.created_at as Date,
    lastUsedAt: (r.last_used_at as Date | null) ?? null,
    revokedAt: (r.revoked_at as Date | null) ?? null,
  }));
}

/** Revokes one token of the account; false when it has no such live token. */
export async function revokeSubmitToken(
  db: Queryable,
  userId: string,
  tokenId: string,
  nowMs: number,
): Promise<boolean> {
  const live = await db.one<{ n: number }>(
    'SELECT count(*) AS n FROM submit_tokens WHERE token_id = ? AND user_id = ? AND revoked_at IS NULL',
    [tokenId, userId],
  );
  if (!live?.n) return false;
  await db.run(
    'UPDATE submit_tokens SET revoked_at = make_timestamptz(?::BIGINT * 1000) WHERE token_id = ? AND user_id = ?',
    [nowMs, tokenId, userId],
  );
  return true;
}
