import { minutesSql } from '../model.ts';

/** Plays and minutes per local hour of the day (the hour a play ended in): all 24, zeros included. */
export function hoursSql(): string {
  return `(WITH hours AS (SELECT range::INTEGER AS hour FROM range(0, 24)), per AS (
      SELECT hour::INTEGER AS hour, count(*)::INTEGER AS plays, ${minutesSql('ms')} AS minutes FROM p GROUP BY 1
    )
    SELECT list({'hour': h.hour, 'plays': coalesce(per.plays, 0), 'minutes': coalesce(per.minutes, 0)::DOUBLE} ORDER BY h.hour)
    FROM hours h LEFT JOIN per USING (hour))`;
}
