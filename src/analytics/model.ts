import type { ResolvedQuery } from './query.ts';

/**
 * The SQL model every analysis reads: the user's plays in the range, deduplicated, in the
 * user's time zone, with the stream rule applied. It is a chain of CTEs that a statement
 * starts with (`WITH <modelCtes> SELECT …`); the analyses then read
 *
 * - `bounds` — one row: from_us, to_us (epoch µs), first_day and last_day (local DATEs);
 * - `dim` — one row per catalog track: recording_id, duration_ms, album_id, primary
 *   artist_id, the artist's genres, and the integer keys tk / ak / alk;
 * - `d` — deduplicated plays of the range, short ones included (for "plays ignored");
 * - `p` — the counted plays (the stream rule passed), one row per play:
 *   end_us (end of play, epoch µs), local_ts (TIMESTAMP in the zone), local_day (DATE),
 *   ms (time listened), duration_ms (catalog length or NULL), genres (NULL = unknown),
 *   tk / ak / alk — the track (recording), artist and album as 64-bit hashes of their keys
 *   (grouping on integers is several times cheaper than on strings; names are looked up
 *   afterwards, for the few rows shown), and the play's own ids and names
 *   (track_id, track_key, track_name, artist_id, artist_name, album_id, album_name);
 * - `prior` (on request) — tk / ak of every counted play before the range (discoveries).
 *
 * The only bound parameter is the user id (`?`); range, zone and thresholds are inlined
 * as literals after validation so that fragments compose without parameter order.
 * Time arithmetic is on epoch integers: TIMESTAMPTZ arithmetic goes through ICU calendars
 * and costs microseconds a row.
 */
export function modelCtes(q: ResolvedQuery, options: { prior?: boolean } = {}): ModelSql {
  const fromUs = q.from.getTime() * 1000;
  const toUs = q.to.getTime() * 1000;
  const tz = stringLiteral(q.timeZone);
  const sql = `
  bounds AS (
    SELECT ${fromUs}::BIGINT AS from_us, ${toUs}::BIGINT AS to_us,
           timezone(${tz}, make_timestamptz(${fromUs}::BIGINT))::DATE AS first_day,
           timezone(${tz}, make_timestamptz(${toUs - 1}::BIGINT))::DATE AS last_day
  ),
  ${dimCte()},
  raw AS (
    SELECT epoch_us(pl.played_at) AS end_us, pl.track_id, pl.track_key, pl.track_name, pl.artist_name, pl.album_name,
           coalesce(dim.tk, hash(pl.track_key)) AS tk,
           -- Minutes come from ms_played; when it is NULL (nothing measured it), the track's
           -- catalog length; when that is unknown too, 0 minutes (and the play still counts).
           coalesce(pl.ms_played, dim.duration_ms) AS known_ms,
           dim.duration_ms, dim.album_id, dim.artist_id, dim.genres, dim.ak, dim.alk
    FROM plays pl
    LEFT JOIN dim ON dim.track_id = pl.track_id
    WHERE pl.user_id = ? AND pl.kind = 'track'
      AND pl.played_at >= ${timestampLiteral(new Date(q.from.getTime() - DEDUP_WINDOW_SECONDS * 1000))}
      AND pl.played_at < ${timestampLiteral(q.to)}
  ),
  -- Deduplication (the original "deduped plays" view): two rows of one recording ending
  -- within ${DEDUP_WINDOW_SECONDS} s of each other are one play recorded twice (a live capture and an
  -- export that were not merged, two releases of one ISRC); the earlier row is kept. Rows
  -- just before the range take part so that a pair straddling its start counts once.
  d AS MATERIALIZED (
    SELECT * EXCLUDE (since_prev) FROM (
      SELECT *, end_us - lag(end_us) OVER (PARTITION BY tk ORDER BY end_us) AS since_prev FROM raw
    )
    WHERE (since_prev IS NULL OR since_prev > ${DEDUP_WINDOW_SECONDS * 1_000_000}) AND end_us >= ${fromUs}
  ),
  -- The zone's offset for each UTC hour that has plays: one ICU conversion per hour instead
  -- of one per play (zone offsets change on whole UTC hours in every current zone).
  zone_hours AS (
    SELECT h, epoch_us(timezone(${tz}, make_timestamptz(h * ${HOUR_US}))::TIMESTAMP) - h * ${HOUR_US} AS offset_us
    FROM (SELECT DISTINCT end_us // ${HOUR_US} AS h FROM d)
  ),
  p AS MATERIALIZED (
    SELECT d.end_us, d.tk,
           -- Plays not resolved to a catalog track: the artist and album names they carried.
           coalesce(d.ak, hash('name:' || lower(trim(coalesce(d.artist_name, ''))))) AS ak,
           coalesce(d.alk, CASE WHEN d.album_name IS NOT NULL
             THEN hash('name:' || lower(trim(d.album_name)) || '|' || lower(trim(coalesce(d.artist_name, '')))) END) AS alk,
           make_timestamp(d.end_us + zh.offset_us) AS local_ts,
           make_timestamp(d.end_us + zh.offset_us)::DATE AS local_day,
           coalesce(d.known_ms, 0) AS ms, d.duration_ms, d.genres,
           d.track_id, d.track_key, d.track_name, d.artist_id, d.artist_name, d.album_id, d.album_name
    FROM d JOIN zone_hours zh ON zh.h = d.end_us // ${HOUR_US}
    -- The stream rule: a play counts when it lasted at least minStreamMs. A play whose length
    -- is unknown altogether was still recorded as a play by its source: it counts.
    WHERE d.known_ms IS NULL OR d.known_ms >= ${q.minStreamMs}
  )`;
  if (!options.prior) return { sql, params: [q.userId] };
  return { sql: `${sql},\n  ${priorCte(q)}`, params: [q.userId, q.userId] };
}

const HOUR_US = 3_600_000_000;

export interface ModelSql {
  sql: string;
  params: string[];
}

/**
 * `dim`: what the analyses need of each catalog track, keyed by track id. The identity of
 * a track is its recording (`track_recordings`, one per ISRC); artist analyses credit a
 * play to the track's primary artist (the first credited, like plays.artist_name).
 */
function dimCte(): string {
  return `dim AS MATERIALIZED (
    SELECT t.track_id, coalesce(r.recording_id, t.track_id) AS recording_id,
           hash(coalesce(r.recording_id, t.track_id)) AS tk,
           t.duration_ms, t.album_id, CASE WHEN t.album_id IS NOT NULL THEN hash(t.album_id) END AS alk,
           pa.artist_id, CASE WHEN pa.artist_id IS NOT NULL THEN hash(pa.artist_id) END AS ak, a.genres
    FROM tracks t
    LEFT JOIN track_recordings r ON r.track_id = t.track_id
    LEFT JOIN (SELECT track_id, arg_min(artist_id, position) AS artist_id FROM track_artists GROUP BY track_id) pa
      ON pa.track_id = t.track_id
    LEFT JOIN artists a ON a.artist_id = pa.artist_id
  )`;
}

/**
 * `prior`: the track and artist keys of every counted play before the range, for
 * discoveries ("first ever" means across all history). Same rule, no dedup needed; only
 * keys that also occur in the range are kept.
 */
function priorCte(q: ResolvedQuery): string {
  return `prior AS MATERIALIZED (
    SELECT DISTINCT coalesce(dim.tk, hash(pl.track_key)) AS tk,
           coalesce(dim.ak, hash('name:' || lower(trim(coalesce(pl.artist_name, ''))))) AS ak
    FROM plays pl
    LEFT JOIN dim ON dim.track_id = pl.track_id
    WHERE pl.user_id = ? AND pl.kind = 'track' AND pl.played_at < ${timestampLiteral(q.from)}
      AND (coalesce(pl.ms_played, dim.duration_ms) IS NULL OR coalesce(pl.ms_played, dim.duration_ms) >= ${q.minStreamMs})
  )`;
}

/** Near-duplicates closer than this are one play (the history import reconciles with the same window). */
export const DEDUP_WINDOW_SECONDS = 10;

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

/** An instant given as epoch microseconds, as an ISO string in UTC. */
export function isoSql(us: string): string {
  return `strftime(make_timestamp(${us}), '%Y-%m-%dT%H:%M:%S.%gZ')`;
}
