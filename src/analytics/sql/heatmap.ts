import { minutesSql } from '../model.ts';

/** The hour × weekday grid in local time: all 168 cells, Monday first. */
export function heatmapSql(): string {
  return `(WITH cells AS (
      SELECT w.range::INTEGER AS weekday, h.range::INTEGER AS hour FROM range(1, 8) w, range(0, 24) h
    ), per AS (
      SELECT weekday::INTEGER AS weekday, hour::INTEGER AS hour,
             count(*)::INTEGER AS plays, ${minutesSql('ms')} AS minutes
      FROM p GROUP BY 1, 2
    )
    SELECT list({'weekday': c.weekday, 'hour': c.hour, 'plays': coalesce(per.plays, 0), 'minutes': coalesce(per.minutes, 0)::DOUBLE} ORDER BY c.weekday, c.hour)
    FROM cells c LEFT JOIN per USING (weekday, hour))`;
}
