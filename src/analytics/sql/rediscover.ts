/** SQL of rediscovery: on this day, forgotten favourites, the 24-hour clock. */
import { isoSql, minutesSql } from '../model.ts';
import { namedSql } from './named.ts';

const TRACK_STRUCT = `'trackKey': recording_key, 'trackId': track_id, 'name': track_name,
  'artistId': artist_id, 'artistName': artist_name, 'albumId': album_id, 'albumName': album_name,
  'playArtist': play_artist`;

/**
 * Each earlier year's plays on local month/day `month`-`day` (every year before `year`
 * that has some): streams and minutes, and that day's top `limit` tracks.
 */
export function onThisDaySql(year: number, month: number, day: number, limit: number): string {
  const sameDay = `month(local_day) = ${month} AND day(local_day) = ${day} AND year(local_day) < ${year}`;
  return `(WITH per AS (
      SELECT year(local_day)::INTEGER AS y, tk AS k, count(*)::INTEGER AS plays, sum(ms) AS ms,
             max(end_us) AS at_us, arg_max(rid, end_us) AS rid
      FROM p WHERE ${sameDay} AND tk IS NOT NULL GROUP BY ALL
    ), top AS (
      SELECT * FROM per QUALIFY row_number() OVER (PARTITION BY y ORDER BY plays DESC, ms DESC, at_us DESC, k) <= ${limit}
    ), n AS (${namedSql('top')}),
    days AS (
      SELECT year(local_day)::INTEGER AS y, count(*)::INTEGER AS plays, ${minutesSql('ms')} AS minutes
      FROM p WHERE ${sameDay} GROUP BY ALL
    )
    SELECT coalesce(list({'year': d.y, 'plays': d.plays, 'minutes': d.minutes,
        'tracks': coalesce((SELECT list({${TRACK_STRUCT}, 'plays': n.plays,
            'minutes': round(n.ms / 60000.0, 1)::DOUBLE} ORDER BY n.plays DESC, n.ms DESC, n.at_us DESC, n.k)
          FROM n WHERE n.y = d.y), [])} ORDER BY d.y DESC), [])
    FROM days d)`;
}

/**
 * Tracks streamed at least `minPlays` times before `cutoffUs` and never since: the most
 * streamed first. Their latest play names them (its track id is what a playlist gets).
 */
export function forgottenSql(cutoffUs: number, minPlays: number, limit: number): string {
  return `(WITH per AS (
      SELECT tk AS k, count(*) FILTER (WHERE end_us < ${cutoffUs})::INTEGER AS plays,
             count(*) FILTER (WHERE end_us >= ${cutoffUs}) AS since, sum(ms) AS ms,
             max(end_us) AS at_us, arg_max(rid, end_us) AS rid
      FROM p WHERE tk IS NOT NULL GROUP BY tk
    ), top AS (
      SELECT * FROM per WHERE since = 0 AND plays >= ${minPlays}
      ORDER BY plays DESC, ms DESC, at_us DESC, k LIMIT ${limit}
    ), n AS (${namedSql('top')})
    SELECT coalesce(list({${TRACK_STRUCT}, 'plays': plays, 'minutes': round(ms / 60000.0, 1)::DOUBLE,
        'lastPlayedAt': ${isoSql('at_us')}} ORDER BY plays DESC, ms DESC, at_us DESC, k), [])
    FROM n)`;
}

/** Streams and minutes per local hour of the day, all 24 hours (empty ones as zeros). */
export function clockSql(): string {
  return `(WITH per AS (
      SELECT hour::INTEGER AS hour, count(*)::INTEGER AS plays, ${minutesSql('ms')} AS minutes FROM p GROUP BY 1
    )
    SELECT list({'hour': h.range::INTEGER, 'plays': coalesce(per.plays, 0), 'minutes': coalesce(per.minutes, 0)::DOUBLE}
      ORDER BY h.range)
    FROM range(0, 24) h LEFT JOIN per ON per.hour = h.range)`;
}
