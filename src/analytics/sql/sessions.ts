import { isoSql, localTimeSql, minutesSql } from '../model.ts';

/**
 * Listening sessions: consecutive counted plays where the next play starts (its end minus
 * the time listened) less than `gapMinutes` after the previous one ended. `sessions`
 * is a CTE body: one row per session (start, end_at, plays, minutes).
 */
export function sessionsCte(gapMinutes: number): string {
  return `SELECT min(start_at) AS start_at, max(played_at) AS end_at, count(*)::INTEGER AS plays, ${minutesSql('ms')} AS minutes
    FROM (
      SELECT *, sum(CASE WHEN prev_end IS NULL OR start_at - prev_end >= INTERVAL ${gapMinutes} MINUTE THEN 1 ELSE 0 END)
                  OVER (ORDER BY played_at ROWS UNBOUNDED PRECEDING) AS session_no
      FROM (
        SELECT played_at, ms, played_at - to_milliseconds(ms) AS start_at,
               lag(played_at) OVER (ORDER BY played_at) AS prev_end
        FROM p
      )
    )
    GROUP BY session_no`;
}

/** One session as a STRUCT shaped like Session (`s` is a row of the sessions CTE). */
export function sessionStruct(tz: string): string {
  return `{'start': ${isoSql('s.start_at')}, 'end': ${isoSql('s.end_at')},
    'localStart': ${localTimeSql(`timezone(${tz}, s.start_at)`)}, 'plays': s.plays, 'minutes': s.minutes}`;
}

/** Count, mean length and the longest session (most minutes listened; earliest on a tie). */
export function sessionStatsSql(gapMinutes: number, tz: string): string {
  return `(WITH s AS (${sessionsCte(gapMinutes)})
    SELECT {'count': count(*)::INTEGER,
            'averageMinutes': round(avg(minutes), 1)::DOUBLE,
            'longest': (SELECT ${sessionStruct(tz)} FROM s ORDER BY s.minutes DESC, s.start_at LIMIT 1)}
    FROM s)`;
}
