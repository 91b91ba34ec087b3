import { isoSql } from '../model.ts';
import type { CompositePart } from '../run.ts';

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

/** The first `limit` keys discovered, in order of discovery, as the CTE `first_<key>`. */
function firstCtes(key: 'tk' | 'ak', limit: number): CompositePart['ctes'] {
  return [
    { name: `new_${key}`, sql: firstsCte(key) },
    { name: `first_${key}`, sql: `SELECT * FROM new_${key} ORDER BY at_us, k LIMIT ${limit}` },
  ];
}

/** The first discoveries, named (the statement's shared `named`). */
function listSql(key: 'tk' | 'ak'): string {
  const struct =
    key === 'tk'
      ? `'id': recording_key, 'name': track_name, 'artistName': artist_name`
      : `'id': coalesce(artist_id, 'name:' || lower(trim(artist_name))), 'name': artist_name, 'artistName': NULL::VARCHAR`;
  return `(SELECT coalesce(list({${struct}, 'firstPlayedAt': ${isoSql('at_us')}, 'localDate': strftime(first_day, '%Y-%m-%d')}
      ORDER BY at_us, k), []) FROM first_${key} JOIN named USING (rid))`;
}

/** Counts and the first `limit` of each, in order of discovery. */
export function discoveriesSql(limit: number): CompositePart {
  return {
    ctes: [...firstCtes('ak', limit), ...firstCtes('tk', limit)],
    namesFor: ['first_ak', 'first_tk'],
    sql: `{'newArtists': (SELECT count(*)::INTEGER FROM new_ak),
      'newTracks': (SELECT count(*)::INTEGER FROM new_tk),
      'artists': ${listSql('ak')},
      'tracks': ${listSql('tk')}}`,
  };
}

/** New artists only (the year in review). */
export function newArtistsSql(limit: number): CompositePart {
  return {
    ctes: firstCtes('ak', limit),
    namesFor: ['first_ak'],
    sql: `{'count': (SELECT count(*)::INTEGER FROM new_ak), 'first': ${listSql('ak')}}`,
  };
}
