/**
 * The figures of one artist, album or track (the `target` CTE, entity-keys.ts) over the
 * whole history: `K` is the model's key column of the kind (ak / alk / tk).
 */
import { isoSql, localTimeSql } from '../model.ts';
import { namedSql } from './named.ts';

const IS_TARGET = (k: string) => `${k} = (SELECT k FROM target)`;

/** Plays (every stored one), streams (the stream rule passed), minutes, first and last listen. */
export function entitySummarySql(k: string, tz: string): string {
  const local = (us: string) => localTimeSql(`timezone(${tz}, make_timestamptz(${us}))`);
  return `(SELECT {
      'plays': count(*)::INTEGER,
      'streams': count(*) FILTER (WHERE counted)::INTEGER,
      'minutes': round(coalesce(sum(ms) FILTER (WHERE counted), 0) / 60000.0, 1)::DOUBLE,
      'firstPlayedAt': CASE WHEN count(*) > 0 THEN ${isoSql('min(end_us)')} END,
      'lastPlayedAt': CASE WHEN count(*) > 0 THEN ${isoSql('max(end_us)')} END,
      'firstLocal': CASE WHEN count(*) > 0 THEN ${local('min(end_us)')} END,
      'lastLocal': CASE WHEN count(*) > 0 THEN ${local('max(end_us)')} END
    } FROM p_all WHERE ${IS_TARGET(k)})`;
}

/**
 * Per local month from the entity's first stream to the range's last month: its streams,
 * minutes and its rank among every entity of its kind that month (1 = most streamed;
 * ties share a rank), with how many were ranked. Months without a stream have rank NULL.
 */
export function entityMonthsSql(k: string): string {
  return `(WITH per AS (
      SELECT date_trunc('month', local_day)::DATE AS m, ${k} AS k, count(*) AS plays, sum(ms) AS ms
      FROM p WHERE ${k} IS NOT NULL GROUP BY ALL
    ), ranked AS (
      SELECT *, rank() OVER (PARTITION BY m ORDER BY plays DESC, ms DESC) AS rnk,
             count(*) OVER (PARTITION BY m) AS ranked_of
      FROM per
    ), mine AS (SELECT * FROM ranked WHERE k = (SELECT k FROM target)),
    series AS (
      SELECT generate_series::DATE AS m
      FROM generate_series((SELECT min(m) FROM mine), date_trunc('month', (SELECT last_day FROM bounds)), INTERVAL 1 MONTH)
    )
    SELECT coalesce(list({
        'month': strftime(s.m, '%Y-%m'), 'plays': coalesce(mine.plays, 0)::INTEGER,
        'minutes': round(coalesce(mine.ms, 0) / 60000.0, 1)::DOUBLE,
        'rank': mine.rnk::INTEGER, 'of': mine.ranked_of::INTEGER
      } ORDER BY s.m), [])
    FROM series s LEFT JOIN mine ON mine.m = s.m)`;
}

/** Names and ids of the entity, from its latest play (catalog names where the catalog has them). */
export function entityIdentitySql(k: string): string {
  return `(WITH latest AS (SELECT arg_max(rid, end_us) AS rid FROM p_all WHERE ${IS_TARGET(k)}),
      n AS (${namedSql('latest')})
    SELECT {'trackKey': recording_key, 'trackId': track_id, 'trackName': track_name,
            'artistId': artist_id, 'artistName': artist_name,
            'albumId': album_id, 'albumName': album_name, 'playArtist': play_artist}
    FROM n)`;
}

export const entityFilter = IS_TARGET;
