import type { Db } from '../../src/store/db.ts';

/**
 * A large listening history generated inside DuckDB (set-based INSERT … SELECT over
 * `range()`, no row-by-row inserts): a catalog of artists (some without genres), albums
 * and tracks (some pairs sharing an ISRC), and per user a day-by-day history — around 55
 * plays a day in 3–5 sessions, a skewed taste (a few favourites, a long tail), ~15 %
 * short plays below the stream rule, some plays without ms_played, ~5 % plays known by
 * name only (unresolved imports). Deterministic: `hash()` of the row number, no random().
 */
export interface AnalyticsDataOptions {
  users: { userId: string; timeZone: string }[];
  playsPerUser: number;
  /** The day the history ends (exclusive), UTC ms. */
  endMs: number;
  artists?: number;
  tracks?: number;
}

const GENRES = [
  'indie rock',
  'dream pop',
  'shoegaze',
  'techno',
  'house',
  'jazz',
  'hip hop',
  'k-pop',
  'ambient',
  'folk',
  'post-punk',
  'synthpop',
  'classical',
  'soul',
  'afrobeats',
  'metal',
  'bossa nova',
  'drum and bass',
  'country',
  'electropop',
];

const PLAYS_PER_DAY = 55;

export async function generateAnalyticsData(db: Db, o: AnalyticsDataOptions): Promise<void> {
  const artists = o.artists ?? 3000;
  const tracks = o.tracks ?? 30_000;
  const genres = `[${GENRES.map((g) => `'${g}'`).join(', ')}]`;
  const n = GENRES.length;
  await db.run(`INSERT INTO artists (artist_id, name, genres, genres_source)
    SELECT 'ar' || i, 'Artist ' || i,
           CASE WHEN hash(i, 'g') % 100 < 15 THEN NULL
                ELSE list_distinct([${genres}[(hash(i, 1) % ${n} + 1)::BIGINT], ${genres}[(hash(i, 2) % ${n} + 1)::BIGINT]]) END,
           'spotify'
    FROM range(${artists}) t(i)`);
  await db.run(`INSERT INTO albums (album_id, name, album_type, release_date)
    SELECT 'al' || i, 'Album ' || i, 'album', (2000 + i % 26)::VARCHAR FROM range(${Math.ceil(tracks / 10)}) t(i)`);
  // Every 30th track re-releases the one before it (same ISRC): one recording, two ids.
  await db.run(`INSERT INTO tracks (track_id, name, duration_ms, isrc, album_id)
    SELECT 'tr' || i, 'Track ' || i, (120000 + hash(i, 'd') % 240000)::INTEGER,
           'ISRC' || CASE WHEN i % 30 = 29 THEN i - 1 ELSE i END, 'al' || (i // 10)
    FROM range(${tracks}) t(i)`);
  await db.run(`INSERT INTO track_artists (track_id, artist_id, position)
    SELECT 'tr' || i, 'ar' || ((i // 10) % ${artists}), 0 FROM range(${tracks}) t(i)
    UNION ALL
    SELECT 'tr' || i, 'ar' || ((i * 7 + 13) % ${artists}), 1 FROM range(${tracks}) t(i)
    WHERE i % 5 = 0 AND (i * 7 + 13) % ${artists} <> (i // 10) % ${artists}`);
  for (const [u, user] of o.users.entries()) {
    await db.run(`INSERT INTO users (user_id, display_name, time_zone) VALUES (?, ?, ?)`, [
      user.userId,
      user.userId,
      user.timeZone,
    ]);
    await db.run(playsSql(u, o.playsPerUser, o.endMs, tracks), [user.userId]);
  }
}

/**
 * One user's plays. Day `i // 55`, the k-th play of the day: sessions of 15 plays, 3.5 min
 * apart, two hours between sessions, the first starting 07:00–12:59 UTC. Times strictly
 * increase, so the natural key stays unique.
 */
function playsSql(salt: number, count: number, endMs: number, tracks: number): string {
  const days = Math.ceil(count / PLAYS_PER_DAY);
  const startMs = endMs - days * 86_400_000;
  return `INSERT INTO plays (user_id, track_key, played_at, track_id, kind, track_name, artist_name, album_name,
                             ms_played, ms_played_source, source)
    WITH g AS (
      SELECT i,
             make_timestamptz((${startMs * 1000}::BIGINT + (i // ${PLAYS_PER_DAY}) * 86400000000
               + (7 * 3600 + (hash(i // ${PLAYS_PER_DAY}, ${salt}) % 6)::BIGINT * 3600) * 1000000::BIGINT
               + ((i % ${PLAYS_PER_DAY}) * 210 + (i % ${PLAYS_PER_DAY}) // 15 * 7200 + (hash(i, ${salt}, 'j') % 60)::BIGINT) * 1000000::BIGINT)::BIGINT) AS played_at,
             -- A skewed taste: the cube of a uniform number favours the first tracks.
             'tr' || floor(${tracks} * pow((hash(i, ${salt}, 't') % 1000000) / 1000000.0, 3))::BIGINT AS tid,
             hash(i, ${salt}, 's') % 100 AS r
      FROM range(${count}) t(i)
    )
    SELECT ?, CASE WHEN g.r >= 95 THEN 'name:' || lower(t.name) || '|artist' ELSE t.track_id END,
           g.played_at,
           CASE WHEN g.r >= 95 THEN NULL ELSE t.track_id END, 'track', t.name,
           a.name, al.name,
           CASE WHEN g.r < 15 THEN (g.r * 1500)::INTEGER WHEN g.r < 18 THEN NULL ELSE t.duration_ms END,
           CASE WHEN g.r < 18 AND g.r >= 15 THEN NULL ELSE 'export' END,
           CASE WHEN g.played_at > make_timestamptz(${(endMs - 365 * 86_400_000) * 1000}::BIGINT)
                THEN 'recently_played' ELSE 'export_extended' END
    FROM g JOIN tracks t ON t.track_id = g.tid
    JOIN track_artists ta ON ta.track_id = t.track_id AND ta.position = 0
    JOIN artists a ON a.artist_id = ta.artist_id
    JOIN albums al ON al.album_id = t.album_id`;
}
