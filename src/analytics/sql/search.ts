/**
 * Search across the history: every artist, track and album of the user's streams, named
 * as the dashboard names them (catalog first), matched on its folded name (lowercase,
 * accents stripped) against the `needle` CTE's patterns — bound parameters, never text
 * pasted into SQL. Names that start with the query (or have a word that does) come
 * first, then the user's streams.
 */
import { namedSql } from './named.ts';

type SearchKind = 'artist' | 'track' | 'album';

const KEY: Record<SearchKind, string> = { artist: 'ak', track: 'tk', album: 'alk' };
const NAME: Record<SearchKind, string> = { artist: 'artist_name', track: 'track_name', album: 'album_name' };

const STRUCT: Record<SearchKind, string> = {
  artist: `'id': artist_id, 'name': artist_name, 'artistName': NULL::VARCHAR, 'albumId': NULL::VARCHAR`,
  track: `'id': recording_key, 'name': track_name, 'artistName': artist_name, 'albumId': NULL::VARCHAR`,
  album: `'id': album_id, 'name': album_name, 'artistName': artist_name, 'albumId': album_id`,
};

/** `needle`: the folded query as a substring pattern, a prefix pattern and a word-prefix one. */
export const NEEDLE_CTE = `needle AS (SELECT ?::VARCHAR AS sub, ?::VARCHAR AS pre, ?::VARCHAR AS word)`;

export function folded(expr: string): string {
  return `strip_accents(lower(${expr}))`;
}

export function searchSql(kind: SearchKind, limit: number): string {
  const k = KEY[kind];
  const name = NAME[kind];
  return `(WITH g AS (
      SELECT ${k} AS k, count(*)::INTEGER AS plays, max(end_us) AS at_us, arg_max(rid, end_us) AS rid
      FROM p WHERE ${k} IS NOT NULL GROUP BY ${k}
    ), n AS (${namedSql('g')}),
    hits AS (
      SELECT *, ${folded(name)} AS f FROM n
      WHERE ${name} IS NOT NULL AND ${folded(name)} LIKE (SELECT sub FROM needle) ESCAPE '\\'
    ), ranked AS (
      SELECT *, (f LIKE (SELECT pre FROM needle) ESCAPE '\\' OR f LIKE (SELECT word FROM needle) ESCAPE '\\') AS starts
      FROM hits ORDER BY starts DESC, plays DESC, at_us DESC, f LIMIT ${limit}
    )
    SELECT coalesce(list({${STRUCT[kind]}, 'playArtist': play_artist, 'plays': plays, 'prefix': starts}
      ORDER BY starts DESC, plays DESC, at_us DESC, f), [])
    FROM ranked)`;
}
