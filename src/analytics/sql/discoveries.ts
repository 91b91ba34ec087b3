import { isoSql } from '../model.ts';
import { namedSql } from './named.ts';

/**
 * Discoveries: tracks (recordings) and artists whose first-ever counted play — across the
 * whole history, not just the range — falls inside the range. Needs the `prior` CTE: the
 * keys counted before the range began. Only the prior keys the range has too are
 * de-duplicated (a hash probe per earlier play is cheaper than a distinct of them all).
 */
function firstsCte(key: 'tk' | 'ak'): string {
  // The key's rollup has its first play in the range (unidentified listening has no key:
  // it discovers nothing).
  return `SELECT r.k, r.first_us AS at_us, r.first_rid AS rid, r.first_day
    FROM by_${key} r ANTI JOIN (SELECT DISTINCT ${key} AS k FROM prior WHERE ${key} IN (SELECT k FROM by_${key})) pr ON pr.k = r.k`;
}

function listSql(cte: string, key: 'tk' | 'ak', limit: number): string {
  const struct =
    key === 'tk'
      ? `'id': recording_key, 'name': track_name, 'artistName': artist_name`
      : `'id': coalesce(artist_id, 'name:' || lower(trim(artist_name))), 'name': artist_name, 'artistName': NULL::VARCHAR`;
  return `(WITH first AS (SELECT * FROM ${cte} ORDER BY at_us, k LIMIT ${limit}), n AS (${namedSql('first')})
    SELECT coalesce(list({${struct}, 'firstPlayedAt': ${isoSql('at_us')}, 'localDate': strftime(first_day, '%Y-%m-%d')}
      ORDER BY at_us, k), []) FROM n)`;
}

/** Counts and the first `limit` of each, in order of discovery. */
export function discoveriesSql(limit: number): string {
  return `(WITH new_artists AS MATERIALIZED (${firstsCte('ak')}), new_tracks AS MATERIALIZED (${firstsCte('tk')})
    SELECT {'newArtists': (SELECT count(*)::INTEGER FROM new_artists),
      'newTracks': (SELECT count(*)::INTEGER FROM new_tracks),
      'artists': ${listSql('new_artists', 'ak', limit)},
      'tracks': ${listSql('new_tracks', 'tk', limit)}})`;
}

/** New artists only (the year in review). */
export function newArtistsSql(limit: number): string {
  return `(WITH new_artists AS MATERIALIZED (${firstsCte('ak')})
    SELECT {'count': (SELECT count(*)::INTEGER FROM new_artists), 'first': ${listSql('new_artists', 'ak', limit)}})`;
}
