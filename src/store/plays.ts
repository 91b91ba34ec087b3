/**
 * The plays table as a whole: how many an account has (status, doctor, demo seeding) and
 * rows written as they are given (demo history). Capture, imports and the submit API
 * write their plays through their own modules, with their own conflict rules.
 */
import { columns, insertRows } from './bulk-insert.ts';
import type { Queryable } from './db.ts';

export interface PlayTotals {
  userId: string;
  plays: number;
  /** The newest play's end (epoch ms). */
  lastPlayAt: number | null;
}

/** Every stored play, or one account's. */
export async function countPlays(db: Queryable, userId?: string): Promise<number> {
  const row = userId
    ? await db.one<{ n: number }>('SELECT count(*) AS n FROM plays WHERE user_id = ?', [userId])
    : await db.one<{ n: number }>('SELECT count(*) AS n FROM plays');
  return row?.n ?? 0;
}

/** Per account with any plays: how many, and the newest. */
export async function playTotalsByUser(db: Queryable): Promise<PlayTotals[]> {
  const rows = await db.all<{ user_id: string; n: number; last: Date | null }>(
    'SELECT user_id, count(*) AS n, max(played_at) AS last FROM plays GROUP BY user_id',
  );
  return rows.map((r) => ({ userId: r.user_id, plays: r.n, lastPlayAt: r.last ? r.last.getTime() : null }));
}

export interface NewPlay {
  userId: string;
  trackKey: string;
  /** End of the play. */
  playedAt: Date;
  trackId: string | null;
  kind: 'track' | 'episode';
  trackName: string;
  artistName: string | null;
  albumName: string | null;
  msPlayed: number;
  msPlayedSource: string;
  source: string;
  skipped: boolean;
  shuffle: boolean;
  platform: string;
}

const PLAY_COLUMNS = columns(
  'user_id:VARCHAR track_key:VARCHAR played_at:TIMESTAMPTZ track_id:VARCHAR kind:VARCHAR track_name:VARCHAR ' +
    'artist_name:VARCHAR album_name:VARCHAR ms_played:INTEGER ms_played_source:VARCHAR source:VARCHAR ' +
    'skipped:BOOLEAN shuffle:BOOLEAN platform:VARCHAR',
);

/** Adds the plays; one already stored (same account, track and end) stays as it is. */
export async function insertPlaysIfAbsent(tx: Queryable, plays: readonly NewPlay[]): Promise<void> {
  await insertRows(
    tx,
    'plays',
    PLAY_COLUMNS,
    plays.map((p) => ({
      user_id: p.userId,
      track_key: p.trackKey,
      played_at: p.playedAt.toISOString(),
      track_id: p.trackId,
      kind: p.kind,
      track_name: p.trackName,
      artist_name: p.artistName,
      album_name: p.albumName,
      ms_played: p.msPlayed,
      ms_played_source: p.msPlayedSource,
      source: p.source,
      skipped: p.skipped,
      shuffle: p.shuffle,
      platform: p.platform,
    })),
    'ON CONFLICT DO NOTHING',
  );
}
