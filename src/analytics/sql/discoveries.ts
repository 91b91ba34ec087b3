import { isoSql } from '../model.ts';
import { namedSql } from './named.ts';

/**
 * Discoveries: tracks (recordings) and artists whose first-ever counted play — across the
 * whole history, not just the range — falls inside the range. Needs the `prior` CTE: the
 * keys counted before the range began.
 */
function firstsCte(key: 'tk' | 'ak'): string {
  return `SELECT p.${key} AS k, min(p.end_us) AS at_us, arg_min(p.rid, p.end_us) AS rid, min(p.local_day) AS first_day
    FROM p ANTI JOIN (SELECT DISTINCT ${key} AS k FROM prior) pr ON pr.k = p.${key}
    WHERE p.${key} IS NOT NULL -- unidentified listening discovers nothing
    GROUP BY p.${key}`;
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
