import { isoSql } from '../model.ts';

/**
 * Discoveries: tracks (recordings) and artists whose first-ever counted play — across the
 * whole history, not just the range — falls inside the range. Needs the `prior` CTE
 * (see `priorCte`): the identities counted before the range began.
 */
function firstsCte(kind: 'track' | 'artist'): string {
  const key = kind === 'track' ? 'identity' : 'artist_key';
  const id = kind === 'track' ? 'identity' : `coalesce(any_value(artist_id), artist_key)`;
  const name = kind === 'track' ? 'arg_min(track_name, played_at)' : 'arg_min(artist_name, played_at)';
  const artist = kind === 'track' ? 'arg_min(artist_name, played_at)' : 'NULL::VARCHAR';
  return `SELECT ${id} AS id, ${name} AS name, ${artist} AS artist_name, min(played_at) AS first_at, min(local_day) AS first_day
    FROM p ANTI JOIN (SELECT DISTINCT ${key} AS k FROM prior) pr ON pr.k = p.${key}
    GROUP BY p.${key}`;
}

const DISCOVERY = `{'id': f.id, 'name': f.name, 'artistName': f.artist_name, 'firstPlayedAt': ${isoSql('f.first_at')}, 'localDate': strftime(f.first_day, '%Y-%m-%d')}`;

function listSql(kind: 'track' | 'artist', limit: number): string {
  return `(SELECT coalesce(list(${DISCOVERY} ORDER BY f.first_at, f.name), [])
    FROM (SELECT * FROM (${firstsCte(kind)}) ORDER BY first_at, name LIMIT ${limit}) f)`;
}

/** Counts and the first `limit` of each, in order of discovery. */
export function discoveriesSql(limit: number): string {
  return `{'newArtists': (SELECT count(*)::INTEGER FROM (${firstsCte('artist')})),
    'newTracks': (SELECT count(*)::INTEGER FROM (${firstsCte('track')})),
    'artists': ${listSql('artist', limit)},
    'tracks': ${listSql('track', limit)}}`;
}

/** New artists only (the year in review). */
export function newArtistsSql(limit: number): string {
  return `{'count': (SELECT count(*)::INTEGER FROM (${firstsCte('artist')})), 'first': ${listSql('artist', limit)}}`;
}
