import type { Metric } from '../types.ts';
import { minutesSql, totalMinutesSql } from '../model.ts';
import type { CompositePart } from '../run.ts';

/** Ranking order: the chosen metric, then the other one, then the most recently played. */
function order(metric: Metric): string {
  return metric === 'minutes'
    ? 'minutes DESC, plays DESC, at_us DESC, k'
    : 'plays DESC, minutes DESC, at_us DESC, k';
}

const FIGURES = `count(*)::INTEGER AS plays, ${minutesSql('ms')} AS minutes, max(end_us) AS at_us,
  arg_max(rid, end_us) AS rid`;

/**
 * Ranks a key, keeps the top `limit`, names them (the statement's shared `named`): a LIST
 * of STRUCTs. The rows are the CTE `top_<key>`. Without a filter they come from the range's
 * rollup (`by_tk` …, computed once per query); with one (a condition on `p`, e.g. one
 * artist's plays for the artist page) from the filtered plays, grouped here.
 */
function ranked(
  key: 'tk' | 'ak' | 'alk',
  struct: string,
  metric: Metric,
  limit: number,
  filter?: string,
): CompositePart {
  const source = filter
    ? `SELECT ${key} AS k, ${FIGURES} FROM p WHERE ${key} IS NOT NULL AND (${filter}) GROUP BY ${key}`
    : `SELECT k, plays, ${totalMinutesSql('ms')} AS minutes, last_us AS at_us, last_rid AS rid FROM by_${key}`;
  const cte = `top_${key}`;
  return {
    ctes: [{ name: cte, sql: `${source} ORDER BY ${order(metric)} LIMIT ${limit}` }],
    namesFor: [cte],
    sql: `(SELECT coalesce(list({${struct}} ORDER BY ${order(metric)}), []) FROM ${cte} JOIN named USING (rid))`,
  };
}

/** Top artists: each play credited to its primary artist (name-only plays by their name). */
export function topArtistsSql(metric: Metric, limit: number): CompositePart {
  return ranked(
    'ak',
    `'artistId': artist_id, 'name': artist_name, 'plays': plays, 'minutes': minutes`,
    metric,
    limit,
  );
}

/**
 * Top tracks by recording: every release of one ISRC adds up to one entry. `filter` (a
 * condition on `p`) narrows the plays, e.g. to one artist's for the artist page.
 */
export function topTracksSql(metric: Metric, limit: number, filter?: string): CompositePart {
  return ranked(
    'tk',
    `'trackKey': recording_key, 'trackId': track_id, 'name': track_name, 'artistName': artist_name,
     'albumName': album_name, 'plays': plays, 'minutes': minutes`,
    metric,
    limit,
    filter,
  );
}

/** Top albums; plays with no album at all (some imports) are left out of this list. */
export function topAlbumsSql(metric: Metric, limit: number, filter?: string): CompositePart {
  return ranked(
    'alk',
    `'albumId': album_id, 'name': album_name, 'artistName': artist_name, 'plays': plays, 'minutes': minutes`,
    metric,
    limit,
    filter,
  );
}

/**
 * Each artist of the range's plays joined to its catalog genres (none: NULL). Unidentified
 * listening (no artist key) is neither a genre's nor "genres pending": no lookup can name it.
 */
const PER_ARTIST_GENRES = `per_artist AS (SELECT k AS ak, plays, ms FROM by_ak),
      artist_genres AS (SELECT hash(artist_id) AS ak, genres FROM (
        -- A tag literally called "unknown" (some sources write one) is no genre: dropped, so an
        -- artist with nothing else stays "genres pending" instead of topping the list.
        SELECT artist_id, list_distinct(list_filter(genres, lambda g: lower(trim(g)) NOT IN ('unknown', ''))) AS genres
        FROM artists) WHERE len(genres) > 0),
      pag AS (SELECT pa.*, g.genres FROM per_artist pa LEFT JOIN artist_genres g ON g.ak = pa.ak)`;

/**
 * Top genres from the catalog only: a play counts once for each genre of its primary
 * artist. Plays whose artist has no genres on record yet (or that are not resolved to a
 * catalog artist) are left out — they are "genres pending" (`genresPendingSql`), never a
 * genre called "unknown" that would top every list until `encore resolve` has run.
 */
export function topGenresSql(metric: Metric, limit: number): string {
  const by = metric === 'minutes' ? 'minutes DESC, plays DESC, genre' : 'plays DESC, minutes DESC, genre';
  // Per artist first (integers), then each artist's genres from the catalog.
  return `(WITH ${PER_ARTIST_GENRES},
      per_genre AS (SELECT unnest(genres) AS genre, plays, ms FROM pag WHERE genres IS NOT NULL)
    SELECT coalesce(list({'genre': genre, 'plays': plays, 'minutes': minutes} ORDER BY ${by}), [])
    FROM (
      SELECT genre, sum(plays)::INTEGER AS plays, ${minutesSql('ms')} AS minutes
      FROM per_genre GROUP BY genre ORDER BY ${by} LIMIT ${limit}))`;
}

/** The counted plays (and their minutes) whose artist has no genres on record yet. */
export function genresPendingSql(): string {
  return `(WITH ${PER_ARTIST_GENRES}
    SELECT {'plays': coalesce(sum(plays), 0)::INTEGER, 'minutes': ${minutesSql('ms')}}
    FROM pag WHERE genres IS NULL)`;
}
