import type { Metric } from '../types.ts';
import { minutesSql } from '../model.ts';

/** Ranking order: the chosen metric, then the other one, then the name (stable output). */
function order(metric: Metric): string {
  return metric === 'minutes' ? 'minutes DESC, plays DESC, name' : 'plays DESC, minutes DESC, name';
}

/** Wraps grouped rows (name, plays, minutes, …) into a ranked LIST of STRUCTs. */
function ranked(grouped: string, fields: string[], metric: Metric, limit: number): string {
  const struct = fields.map((f) => `'${f}': ${f}`).join(', ');
  return `(SELECT coalesce(list({${struct}} ORDER BY ${order(metric)}), [])
    FROM (SELECT * FROM (${grouped}) ORDER BY ${order(metric)} LIMIT ${limit}))`;
}

const FIGURES = `count(*)::INTEGER AS plays, ${minutesSql('ms')} AS minutes`;

/** Top artists: each play credited to its primary artist (name-only plays by their name). */
export function topArtistsSql(metric: Metric, limit: number): string {
  return ranked(
    `SELECT any_value(artist_id) AS artistId, arg_max(artist_name, played_at) AS name, ${FIGURES}
     FROM p GROUP BY artist_key`,
    ['artistId', 'name', 'plays', 'minutes'],
    metric,
    limit,
  );
}

/** Top tracks by recording: every release of one ISRC adds up to one entry. */
export function topTracksSql(metric: Metric, limit: number): string {
  return ranked(
    `SELECT identity AS trackKey, arg_max(track_id, played_at) AS trackId, arg_max(track_name, played_at) AS name,
            arg_max(artist_name, played_at) AS artistName, arg_max(album_name, played_at) AS albumName, ${FIGURES}
     FROM p GROUP BY identity`,
    ['trackKey', 'trackId', 'name', 'artistName', 'albumName', 'plays', 'minutes'],
    metric,
    limit,
  );
}

/** Top albums; plays with no album at all (some imports) are left out of this list. */
export function topAlbumsSql(metric: Metric, limit: number): string {
  return ranked(
    `SELECT any_value(album_id) AS albumId, arg_max(album_name, played_at) AS name,
            mode(artist_name) AS artistName, ${FIGURES}
     FROM p WHERE album_key IS NOT NULL GROUP BY album_key`,
    ['albumId', 'name', 'artistName', 'plays', 'minutes'],
    metric,
    limit,
  );
}

/**
 * Top genres from the catalog only: a play counts once for each genre of its primary
 * artist; an artist with no genres on record (or a play not resolved to one) is 'unknown'.
 */
export function topGenresSql(metric: Metric, limit: number): string {
  return ranked(
    `SELECT genre AS name, genre, ${FIGURES}
     FROM (SELECT unnest(CASE WHEN genres IS NULL OR len(genres) = 0 THEN ['unknown'] ELSE list_distinct(genres) END) AS genre, ms FROM p)
     GROUP BY genre`,
    ['genre', 'plays', 'minutes'],
    metric,
    limit,
  );
}
