import type { Queryable } from '../store/db.ts';
import type { CapturedPlay } from './play-rows.ts';

/** Inserts plays idempotently; returns how many were new. */
export async function insertPlays(tx: Queryable, plays: CapturedPlay[], source: string): Promise<number> {
  if (plays.length === 0) return 0;
  const before = await countPlays(tx, plays[0]!.userId);
  for (const play of plays) {
    await tx.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_id, kind, track_name, artist_name, album_name, ms_played, ms_played_source, context_uri, source)
       VALUES (?, ?, make_timestamptz(?::BIGINT * 1000), ?, 'track', ?, ?, ?, ?, 'track_length', ?, ?)
       ON CONFLICT DO NOTHING`,
      [
        play.userId,
        play.trackId,
        play.playedAtMs,
        play.trackId,
        play.trackName,
        play.artistName,
        play.albumName,
        play.durationMs,
        play.contextUri,
        source,
      ],
    );
  }
  return (await countPlays(tx, plays[0]!.userId)) - before;
}

async function countPlays(tx: Queryable, userId: string): Promise<number> {
  const row = await tx.one<{ n: number }>('SELECT count(*) AS n FROM plays WHERE user_id = ?', [userId]);
  return row?.n ?? 0;
}

/**
 * Infers `ms_played` for live plays without any extra call: a play cannot have lasted
 * longer than its track, nor longer than the time since the previous play ended. Plays
 * with no known predecessor keep the track length. Recomputed from `sinceMs` on, so a
 * late-synced offline play also corrects the play after it. Measured and exported
 * values are never touched.
 */
export async function inferPlayLengths(tx: Queryable, userId: string, sinceMs: number): Promise<void> {
  await tx.run(
    `WITH ordered AS (
       SELECT p.track_key, p.played_at, t.duration_ms,
              LAG(p.played_at) OVER (ORDER BY p.played_at) AS previous_end
       FROM plays p LEFT JOIN tracks t ON t.track_id = p.track_id
       WHERE p.user_id = ? AND p.played_at >= make_timestamptz(?::BIGINT * 1000) - INTERVAL 1 DAY
     )
     UPDATE plays SET
       ms_played = CASE WHEN o.previous_end IS NULL THEN o.duration_ms
                        ELSE LEAST(o.duration_ms, (epoch_ms(o.played_at) - epoch_ms(o.previous_end))::INTEGER) END,
       ms_played_source = CASE WHEN o.previous_end IS NULL OR epoch_ms(o.played_at) - epoch_ms(o.previous_end) >= o.duration_ms
                               THEN 'track_length' ELSE 'inferred' END
     FROM ordered o
     WHERE plays.user_id = ? AND plays.track_key = o.track_key AND plays.played_at = o.played_at
       AND plays.played_at >= make_timestamptz(?::BIGINT * 1000)
       AND plays.ms_played_source IN ('inferred', 'track_length') AND o.duration_ms IS NOT NULL`,
    [userId, sinceMs, userId, sinceMs],
  );
}
