import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../store/db.ts';
import { publicHandle, secretHash } from '../submit/secrets.ts';
import { InputError } from '../util/errors.ts';

/**
 * Share links of a year in review: `/share/<token>` shows one account's review of one year,
 * read-only, to whoever has the link. The token is 256 random bits (base64url), shown once
 * at creation; the database keeps only its SHA-256 (table share_links), so a copy of the
 * database or a backup opens no share. Revoking is final.
 */
export interface ShareLinkRow {
  shareId: string;
  userId: string;
  year: number;
  createdAt: Date;
  revokedAt: Date | null;
}

export class ShareError extends InputError {
  readonly code = 'share_input';

  constructor(message: string) {
    super(message);
    this.name = 'ShareError';
  }
}

/** The years a review can be shared for: what a listening history can hold. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2999;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function parseShareYear(value: string | number | undefined): number {
  const text = String(value ?? '').trim();
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < FIRST_YEAR || year > LAST_YEAR)
    throw new ShareError(
      `"${text}" is not a year to share: give a year like 2026 (${FIRST_YEAR}–${LAST_YEAR}).`,
    );
  return year;
}

export async function createShareLink(
  db: Queryable,
  userId: string,
  year: number,
  nowMs: number,
): Promise<{ shareId: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const shareId = publicHandle('shr');
  await db.run(
    `INSERT INTO share_links (share_id, token_hash, user_id, kind, year, created_at)
     VALUES (?, ?, ?, 'year', ?, make_timestamptz(?::BIGINT * 1000))`,
    [shareId, secretHash(token), userId, year, nowMs],
  );
  return { shareId, token };
}

/**
 * The live share a token opens, or null (unknown, revoked, malformed). The row is looked
 * up by the token's hash, and the stored hash compared in constant time before it counts.
 */
export async function findShareLink(db: Queryable, token: string): Promise<ShareLinkRow | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const hash = secretHash(token);
  const row = await db.one<Record<string, unknown>>(
    `SELECT share_id, token_hash, user_id, year, created_at, revoked_at FROM share_links
     WHERE token_hash = ? AND kind = 'year' AND revoked_at IS NULL`,
    [hash],
  );
  if (!row || !timingSafeEqual(Buffer.from(String(row.token_hash)), Buffer.from(hash))) return null;
  return toRow(row);
}

export async function listShareLinks(db: Queryable, userId: string): Promise<ShareLinkRow[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT share_id, user_id, year, created_at, revoked_at FROM share_links
     WHERE user_id = ? ORDER BY created_at, share_id`,
    [userId],
  );
  return rows.map(toRow);
}

/** Revokes one share of the account; false when it has no such live share. */
export async function revokeShareLink(
  db: Queryable,
  userId: string,
  shareId: string,
  nowMs: number,
): Promise<boolean> {
  const live = await db.one<{ n: number }>(
    'SELECT count(*) AS n FROM share_links WHERE share_id = ? AND user_id = ? AND revoked_at IS NULL',
    [shareId, userId],
  );
  if (!live?.n) return false;
  await db.run(
    'UPDATE share_links SET revoked_at = make_timestamptz(?::BIGINT * 1000) WHERE share_id = ? AND user_id = ?',
    [nowMs, shareId, userId],
  );
  return true;
}

/** Where a share opens: the app's address as browsers reach it (the Spotify redirect URI's origin). */
export function shareUrl(redirectUri: string, token: string): string {
  return `${new URL(redirectUri).origin}/share/${token}`;
}

function toRow(r: Record<string, unknown>): ShareLinkRow {
  return {
    shareId: r.share_id as string,
    userId: r.user_id as string,
    year: Number(r.year),
    createdAt: r.created_at as Date,
    revokedAt: (r.revoked_at as Date | null) ?? null,
  };
}
