import type { ResolvedQuery } from './query.ts';

/**
 * The SQL model every analysis reads: the user's plays in the range, deduplicated, in the
 * user's time zone, with the stream rule applied. It is a chain of CTEs that a statement
 * starts with (`WITH <modelCtes> SELECT …`); the analyses then read
 *
 * - `d` — deduplicated plays of the range, short ones included (for "plays ignored");
 * - `p` — the counted plays (the stream rule passed), one row per play, with:
 *   played_at (UTC), local_ts (TIMESTAMP in the zone), local_day (DATE), ms (minutes source),
 *   identity (the recording), track_id, track_name, artist_key/artist_id/artist_name,
 *   album_key/album_id/album_name, genres (the primary artist's; NULL = unknown),
 *   duration_ms (catalog length, NULL when unknown);
 * - `bounds` — one row: t_from, t_to (TIMESTAMPTZ), first_day and last_day (local DATEs).
 *
 * The only bound parameter is the user id (`?`, once); range, zone and thresholds are
 * inlined as literals after validation so that fragments compose without parameter order.
 */
export function modelCtes(q: ResolvedQuery, options: { prior?: boolean } = {}): ModelSql {
  const from = timestampLiteral(q.from);
  const to = timestampLiteral(q.to);
  const tz = stringLiteral(q.timeZone);
  const sql = `
  bounds AS (
    SELECT ${from} AS t_from, ${to} AS t_to,
           timezone(${tz}, ${from})::DATE AS first_day,
           timezone(${tz}, ${to} - INTERVAL 1 MICROSECOND)::DATE AS last_day
  ),
  ${identityCtes()},
  raw AS (
    SELECT pl.played_at, pl.track_key, pl.track_id, pl.track_name, pl.artist_name, pl.album_name,
           ${IDENTITY_SQL} AS identity,
           -- Minutes come from ms_played; when it is NULL (nothing measured it), the track's
           -- catalog length; when that is unknown too, 0 minutes (and the play still counts).
           coalesce(pl.ms_played, t.duration_ms) AS known_ms,
           t.duration_ms, t.album_id, t.name AS catalog_name
    FROM plays pl
    LEFT JOIN rec ON rec.track_id = pl.track_id
    LEFT JOIN tracks t ON t.track_id = pl.track_id
    WHERE pl.user_id = ? AND pl.kind = 'track'
      AND pl.played_at >= ${from} - INTERVAL ${DEDUP_WINDOW_SECONDS} SECOND AND pl.played_at < ${to}
  ),
  -- Deduplication (the original "deduped plays" view): two rows of one recording ending
  -- within ${DEDUP_WINDOW_SECONDS} s of each other are one play recorded twice (a live capture and an
  -- export that were not merged, two releases of one ISRC); the earlier row is kept. Rows
  -- just before the range take part so that a pair straddling its start counts once.
  d AS (
    SELECT * EXCLUDE (since_prev) FROM (
      SELECT *, played_at - lag(played_at) OVER (PARTITION BY identity ORDER BY played_at) AS since_prev
      FROM raw
    )
    WHERE (since_prev IS NULL OR since_prev > INTERVAL ${DEDUP_WINDOW_SECONDS} SECOND) AND played_at >= ${from}
  ),
  p AS MATERIALIZED (
    SELECT d.played_at, d.identity, d.track_id,
           coalesce(d.catalog_name, d.track_name, d.track_key) AS track_name,
           timezone(${tz}, d.played_at) AS local_ts,
           timezone(${tz}, d.played_at)::DATE AS local_day,
           coalesce(d.known_ms, 0) AS ms,
           d.duration_ms,
           ${ARTIST_KEY_SQL} AS artist_key,
           pa.artist_id,
           coalesce(a.name, d.artist_name, 'unknown artist') AS artist_name,
           a.genres,
           ${ALBUM_KEY_SQL} AS album_key,
           d.album_id,
           coalesce(al.name, d.album_name) AS album_name
    FROM d
    LEFT JOIN primary_artist pa ON pa.track_id = d.track_id
    LEFT JOIN artists a ON a.artist_id = pa.artist_id
    LEFT JOIN albums al ON al.album_id = d.album_id
    -- The stream rule: a play counts when it lasted at least minStreamMs. A play whose length
    -- is unknown altogether was still recorded as a play by its source: it counts.
    WHERE d.known_ms IS NULL OR d.known_ms >= ${q.minStreamMs}
  )`;
  if (!options.prior) return { sql, params: [q.userId] };
  return { sql: `${sql},\n  ${priorCte(q)}`, params: [q.userId, q.userId] };
}

export interface ModelSql {
  sql: string;
  params: string[];
}

/**
 * `prior`: the track and artist identities of every counted play before the range, for
 * discoveries ("first ever" means across all history). Same rule, no dedup needed.
 */
function priorCte(q: ResolvedQuery): string {
  const from = timestampLiteral(q.from);
  return `prior AS (
    SELECT DISTINCT ${IDENTITY_SQL} AS identity,
           coalesce(pa.artist_id, 'name:' || lower(trim(pl.artist_name)), 'name:') AS artist_key
    FROM plays pl
    LEFT JOIN rec ON rec.track_id = pl.track_id
    LEFT JOIN tracks t ON t.track_id = pl.track_id
    LEFT JOIN primary_artist pa ON pa.track_id = pl.track_id
    WHERE pl.user_id = ? AND pl.kind = 'track' AND pl.played_at < ${from}
      AND (coalesce(pl.ms_played, t.duration_ms) IS NULL OR coalesce(pl.ms_played, t.duration_ms) >= ${q.minStreamMs})
  )`;
}

/** Near-duplicates closer than this are one play (the history import reconciles with the same window). */
export const DEDUP_WINDOW_SECONDS = 10;

/** Track identity: the recording (one per ISRC), else the track id, else the name key. */
export const IDENTITY_SQL = 'coalesce(rec.recording_id, pl.track_id, pl.track_key)';

/**
 * Artist analyses credit a play to the track's primary artist (the first credited, like
 * plays.artist_name); plays not resolved to a catalog track fall back to the name they
 * carried, keyed by its lower-case form.
 */
const ARTIST_KEY_SQL = `coalesce(pa.artist_id, 'name:' || lower(trim(d.artist_name)), 'name:')`; // keep in step with priorCte
const ALBUM_KEY_SQL = `coalesce(d.album_id, CASE WHEN d.album_name IS NOT NULL
  THEN 'name:' || lower(trim(d.album_name)) || '|' || lower(trim(coalesce(d.artist_name, ''))) END)`;

/** CTEs shared with the all-history queries: `rec` (recording per track), `primary_artist`. */
export function identityCtes(): string {
  return `rec AS (SELECT track_id, recording_id FROM track_recordings),
  primary_artist AS (SELECT track_id, arg_min(artist_id, position) AS artist_id FROM track_artists GROUP BY track_id)`;
}

export function timestampLiteral(date: Date): string {
  return `'${date.toISOString()}'::TIMESTAMPTZ`;
}

export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Minutes from a sum of milliseconds, rounded to 0.1 (as DOUBLE, so JS gets a number). */
export function minutesSql(msExpr: string): string {
  return `round(coalesce(sum(${msExpr}), 0) / 60000.0, 1)::DOUBLE`;
}

/** Local time as people read it. */
export function localTimeSql(localTs: string): string {
  return `strftime(${localTs}, '%Y-%m-%d %H:%M')`;
}

export function isoSql(ts: string): string {
  return `strftime(${ts} AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;
}
