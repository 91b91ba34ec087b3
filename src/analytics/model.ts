import type { ResolvedQuery } from './query.ts';
import { DIM_TABLE } from './dim-cache.ts';
import { rollupCtes } from './sql/rollups.ts';

/**
 * The SQL model every analysis reads: the user's plays in the range, in the user's time
 * zone, with the stream rule applied. A play the store holds as distinct is distinct here:
 * merging near-duplicates is the import's reconciliation's job, done once, when plays are
 * stored (folding here too dropped real listens: a skip and the full listen a second after
 * it, as minute-precision exports record them, became one 5 s play). It is a chain of CTEs that a statement
 * starts with (`WITH <modelCtes> SELECT …`); the analyses then read
 *
 * - `bounds` — one row: from_us, to_us (epoch µs), first_day and last_day (local DATEs);
 * - `dim` — one row per catalog track: recording_id, duration_ms, album_id, primary
 *   artist_id, and the integer keys tk / ak / alk;
 * - `user_plays` / `range_plays` — the user's stored plays of music, all / in the range;
 * - `p_all` — every stored play of the range, short ones included, with `counted`;
 * - `p` — the counted plays (the stream rule passed), one row per play, all numbers:
 *   rid (the play's rowid in `plays`, for looking its names up), end_us (end of play, epoch µs), local_day (DATE), weekday (1 = Monday) and hour (local),
 *   ms (time listened), duration_ms (catalog length or NULL), and tk / ak / alk — the track
 *   (recording), artist and album as 64-bit hashes of their keys. Every ms / µs figure is
 *   BIGINT: a 3.5-hour play is 12.6e9 µs, past INT32 (plays.ms_played is INTEGER).
 * - `by_tk` / `by_ak` / `by_alk` / `by_day` — rollups of `p` per key and per local day
 *   (`sql/rollups.ts`), computed only by the statements that read them;
 * - `prior` (on request) — tk / ak of every counted play before the range (discoveries).
 *
 * Why so narrow: a materialised CTE is re-read whole by every analysis, and grouping on
 * integers is several times cheaper than on strings; names are looked up afterwards for
 * the few rows shown (`sql/named.ts`). Time arithmetic is on epoch integers (TIMESTAMPTZ
 * arithmetic goes through ICU calendars and costs microseconds a row).
 *
 * The only bound parameter is the user id (`?`, in `user_plays`); range, zone and
 * thresholds are inlined as literals after validation, so fragments compose freely.
 */
export function modelCtes(q: ResolvedQuery, options: { prior?: boolean } = {}): ModelSql {
  const tz = stringLiteral(q.timeZone);
  const sql = [
    boundsCte(q, tz),
    dimCte(),
    playsCtes(q),
    factCtes(q, tz),
    rollupCtes(),
    ...(options.prior ? [priorCte(q)] : []),
  ];
  return { sql: sql.join(',\n'), params: [q.userId] };
}

function boundsCte(q: ResolvedQuery, tz: string): string {
  const fromUs = q.from.getTime() * 1000;
  const toUs = q.to.getTime() * 1000;
  return `bounds AS (
    SELECT ${fromUs}::BIGINT AS from_us, ${toUs}::BIGINT AS to_us,
           timezone(${tz}, make_timestamptz(${fromUs}::BIGINT))::DATE AS first_day,
           timezone(${tz}, make_timestamptz(${toUs - 1}::BIGINT))::DATE AS last_day
  )`;
}

/** The user's plays (the one bound parameter), those of the range, and their keys. */
function playsCtes(q: ResolvedQuery): string {
  // Music plays, and 'unidentified' listening: extended-export rows that name nothing but
  // carry real ms_played. That time was spent listening, so it counts in minutes, plays,
  // time charts, sessions and streaks; it has no keys (NULL tk / ak / alk), so it is in no
  // top list, distinct count, discovery or genre figure (see keysSql).
  // NOT MATERIALIZED: the range and `prior` each scan `plays` with their own time filter
  // (the range's prunes row groups by played_at) and only the columns they read, instead of
  // sharing a wide copy of all the user's plays.
  return `user_plays AS NOT MATERIALIZED (SELECT rowid AS rid, * FROM plays WHERE user_id = ? AND kind IN ('track', 'unidentified')),
  range_plays AS NOT MATERIALIZED (
    SELECT * FROM user_plays
    WHERE played_at >= ${timestampLiteral(q.from)}
      AND played_at < ${timestampLiteral(q.to)}
  ),
  raw AS NOT MATERIALIZED (
    SELECT pl.rid, epoch_us(pl.played_at) AS end_us, ${keysSql('pl', 'dim')},
           -- Minutes come from ms_played; when it is NULL (nothing measured it), the track's
           -- catalog length; when that is unknown too, 0 minutes (and the play still counts).
           coalesce(pl.ms_played, dim.duration_ms)::BIGINT AS known_ms, dim.duration_ms::BIGINT AS duration_ms
    FROM range_plays pl
    LEFT JOIN dim ON dim.track_id = pl.track_id
  )`;
}

/** Local time and the stream rule: `zone_days`, `p_all`, `p`. */
function factCtes(q: ResolvedQuery, tz: string): string {
  const fromUs = q.from.getTime() * 1000;
  const lastUs = q.to.getTime() * 1000 - 1;
  return `-- The zone's offset per UTC day of the range, taken at its first and last instant:
  -- two ICU conversions a day instead of one per play. On the rare day the two differ
  -- (a DST change, at whatever time the zone changes), each play is converted exactly.
  -- The days come from the range, not from the plays, so that the plays are read once.
  zone_days AS (
    SELECT dd, ${offsetSql(tz, `dd * ${DAY_US}`)} AS off0, ${offsetSql(tz, `(dd + 1) * ${DAY_US} - 1`)} AS off1
    FROM (SELECT range AS dd FROM range(${fromUs}::BIGINT // ${DAY_US}, ${lastUs}::BIGINT // ${DAY_US} + 1))
  ),
  p_all AS MATERIALIZED (
    SELECT d.rid, d.end_us, d.tk, d.ak, d.alk,
           make_timestamp(d.local_us)::DATE AS local_day,
           isodow(make_timestamp(d.local_us))::TINYINT AS weekday,
           hour(make_timestamp(d.local_us))::TINYINT AS hour,
           coalesce(d.known_ms, 0::BIGINT) AS ms, d.duration_ms,
           -- The stream rule: a play counts when it lasted at least minStreamMs. A play whose
           -- length is unknown altogether was still recorded as a play by its source: it counts.
           (d.known_ms IS NULL OR d.known_ms >= ${q.minStreamMs}) AS counted
    FROM (
      SELECT raw.*,
             end_us + CASE WHEN zd.off0 = zd.off1 THEN zd.off0 ELSE ${offsetSql(tz, 'end_us')} END AS local_us
      FROM raw JOIN zone_days zd ON zd.dd = raw.end_us // ${DAY_US}
    ) d
  ),
  -- A filter over p_all each time it is read: cheaper than a second copy of the range.
  p AS NOT MATERIALIZED (SELECT * EXCLUDE (counted) FROM p_all WHERE counted)`;
}

const DAY_US = 86_400_000_000;

/** The zone's offset from UTC (µs) at an instant given as epoch µs. */
function offsetSql(tz: string, us: string): string {
  return `(epoch_us(timezone(${tz}, make_timestamptz(${us}))::TIMESTAMP) - (${us}))`;
}

export interface ModelSql {
  sql: string;
  params: string[];
}

/**
 * The integer keys of a play (alias `pl`, a plays row) given its catalog row (alias `dm`
 * of `dim`, NULL when the play is not resolved to a catalog track): the recording, the
 * primary artist and the album — for plays known by name only, hashes of the names they
 * carried. Unidentified listening has none (all three NULL): an artist name such a row may
 * still carry is not enough to credit a track, and tops must not gain an empty entry.
 * Every query that matches plays by key uses this one definition.
 */
export function keysSql(pl: string, dm: string): string {
  const named = `${pl}.kind = 'track'`;
  return `CASE WHEN ${dm}.tk IS NOT NULL THEN ${dm}.tk WHEN ${named} THEN hash(${pl}.track_key) END AS tk,
    CASE WHEN ${dm}.ak IS NOT NULL THEN ${dm}.ak
      WHEN ${named} THEN hash('name:' || lower(trim(coalesce(${pl}.artist_name, '')))) END AS ak,
    CASE WHEN ${dm}.alk IS NOT NULL THEN ${dm}.alk WHEN ${named} AND ${pl}.album_name IS NOT NULL
      THEN hash('name:' || lower(trim(${pl}.album_name)) || '|' || lower(trim(coalesce(${pl}.artist_name, '')))) END AS alk`;
}

/** `dim` reads the connection's copy of the catalog dimension (see `dim-cache.ts`). */
function dimCte(): string {
  return `dim AS NOT MATERIALIZED (SELECT * FROM ${DIM_TABLE})`;
}

/**
 * `prior`: the track and artist keys of every counted play before the range, for
 * discoveries ("first ever" means across all history). Same rule; no dedup needed.
 */
function priorCte(q: ResolvedQuery): string {
  return `prior AS MATERIALIZED (
    SELECT DISTINCT tk, ak FROM (
      SELECT ${keysSql('pl', 'dim')}
      FROM user_plays pl
      LEFT JOIN dim ON dim.track_id = pl.track_id
      WHERE pl.played_at < ${timestampLiteral(q.from)}
        AND (coalesce(pl.ms_played, dim.duration_ms) IS NULL OR coalesce(pl.ms_played, dim.duration_ms) >= ${q.minStreamMs})
    )
  )`;
}

export function timestampLiteral(date: Date): string {
  return `'${date.toISOString()}'::TIMESTAMPTZ`;
}

export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Minutes from a sum of milliseconds, rounded to 0.1 (as DOUBLE, so JS gets a number). */
export function minutesSql(msExpr: string): string {
  return totalMinutesSql(`sum(${msExpr})`);
}

/** Minutes from milliseconds already summed (a rollup's `ms`), rounded like minutesSql. */
export function totalMinutesSql(summedMs: string): string {
  return `round(coalesce(${summedMs}, 0) / 60000.0, 1)::DOUBLE`;
}

/** Local time as people read it. */
export function localTimeSql(localTs: string): string {
  return `strftime(${localTs}, '%Y-%m-%d %H:%M')`;
}

/** An instant given as epoch microseconds, as an ISO string in UTC. */
export function isoSql(us: string): string {
  return `strftime(make_timestamp(${us}), '%Y-%m-%dT%H:%M:%S.%gZ')`;
}
