import type { Bucket } from '../types.ts';
import { minutesSql } from '../model.ts';

/**
 * Plays and minutes per local day / ISO week / month, every bucket of the range listed
 * (empty ones as zeros) so that a chart's axis is continuous. Buckets sum the per-day
 * rollup (exact integer ms), not the plays.
 */
export function overTimeSql(bucket: Bucket): string {
  const unit = `'${bucket}'`;
  return `(WITH series AS (
      SELECT generate_series::DATE AS start
      FROM bounds, generate_series(date_trunc(${unit}, first_day), date_trunc(${unit}, last_day), INTERVAL 1 ${bucket.toUpperCase()})
    ), per AS (
      SELECT date_trunc(${unit}, local_day)::DATE AS start, sum(plays)::INTEGER AS plays, ${minutesSql('ms')} AS minutes
      FROM by_day GROUP BY 1
    )
    SELECT coalesce(list({'start': strftime(s.start, '%Y-%m-%d'), 'plays': coalesce(per.plays, 0), 'minutes': coalesce(per.minutes, 0)::DOUBLE} ORDER BY s.start), [])
    FROM series s LEFT JOIN per ON per.start = s.start)`;
}
