/**
 * Spotify rotates refresh tokens: a refresh makes the old one useless. That is a side effect
 * outside the database, so the remote-state retry (throw the attempt's file away, re-run on
 * the newer one) would throw away the only copy of the new token — and the account would need
 * reconnecting. So a lost attempt hands the token rows it rotated to the next attempt, which
 * applies each one unless that file holds an even newer rotation.
 */
import type { Queryable } from '../store/db.ts';

export interface RotatedToken extends Record<string, unknown> {
  user_id: string;
  refresh_token_enc: string;
  access_token_enc: string | null;
  access_expires_at: Date | null;
  rotated_us: number | null;
}

/** When each account's refresh token last rotated (epoch µs), to compare after the run. */
export async function rotationMarks(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.all<{ user_id: string; rotated_us: number | null }>(
    'SELECT user_id, epoch_us(rotated_at) AS rotated_us FROM tokens',
  );
  return new Map(rows.map((r) => [r.user_id, r.rotated_us ?? -1]));
}

/** Token rows rotated since `marks` were taken. */
export async function rotatedSince(db: Queryable, marks: Map<string, number>): Promise<RotatedToken[]> {
  const rows = await db.all<RotatedToken>(
    `SELECT user_id, refresh_token_enc, access_token_enc, access_expires_at, epoch_us(rotated_at) AS rotated_us
     FROM tokens WHERE rotated_at IS NOT NULL`,
  );
  return rows.filter((r) => (r.rotated_us ?? -1) > (marks.get(r.user_id) ?? -1));
}

/** Applies rotations from a lost attempt; returns how many accounts it updated. */
export async function applyRotations(db: Queryable, rotated: RotatedToken[]): Promise<number> {
  let applied = 0;
  for (const t of rotated) {
    const current = await db.one<{ rotated_us: number | null }>(
      'SELECT epoch_us(rotated_at) AS rotated_us FROM tokens WHERE user_id = ?',
      [t.user_id],
    );
    // Gone (disconnected since) or rotated again by the run that won: theirs is newer.
    if (!current || (current.rotated_us ?? -1) >= (t.rotated_us ?? -1)) continue;
    await db.run(
      `UPDATE tokens SET refresh_token_enc = ?, access_token_enc = ?, access_expires_at = ?::TIMESTAMPTZ,
         state = 'ok', state_reason = NULL, rotated_at = now(), updated_at = now() WHERE user_id = ?`,
      [t.refresh_token_enc, t.access_token_enc, t.access_expires_at, t.user_id],
    );
    applied++;
  }
  return applied;
}
