import { isoSql, localTimeSql, minutesSql } from '../model.ts';

const MINUTE_US = 60_000_000;

/**
 * Listening sessions: consecutive counted plays where the next play starts (its end minus
 * the time listened) less than `gapMinutes` after the previous one ended. A CTE body: one
 * row per session (start_us, end_us as epoch microseconds, plays, minutes).
 */
export function sessionsCte(gapMinutes: number): string {
  return `SELECT min(start_us) AS start_us, max(end_us) AS end_us, count(*)::INTEGER AS plays, ${minutesSql('ms')} AS minutes
    FROM (
      SELECT *, sum(CASE WHEN prev_end IS NULL OR start_us - prev_end >= ${gapMinutes * MINUTE_US} THEN 1 ELSE 0 END)
                  OVER (ORDER BY end_us ROWS UNBOUNDED PRECEDING) AS session_no
      FROM (
        SELECT end_us, ms, end_us - ms * 1000::BIGINT AS start_us, lag(end_us) OVER (ORDER BY end_us) AS prev_end
        FROM p
      )
    )
    GROUP BY session_no`;
}

/** One session as a STRUCT shaped like Session (`s` is a row of the sessions CTE). */
export function sessionStruct(tz: string): string {
  return `{'start': ${isoSql('s.start_us')}, 'end': ${isoSql('s.end_us')},
    'localStart': ${localTimeSql(`timezone(${tz}, make_timestamptz(s.start_us))`)}, 'plays': s.plays, 'minutes': s.minutes}`;
}

/**
 * Count, mean length and the longest session (most minutes listened; earliest on a tie).
 * The longest is picked before it is formatted: formatting converts to local time, which
 * for every session of ten years cost more than finding the sessions.
 */
export function sessionStatsSql(gapMinutes: number, tz: string): string {
  return `(WITH s AS (${sessionsCte(gapMinutes)})
    SELECT {'count': count(*)::INTEGER,
            'averageMinutes': round(avg(minutes), 1)::DOUBLE,
            'longest': (SELECT ${sessionStruct(tz)} FROM (SELECT * FROM s ORDER BY minutes DESC, start_us LIMIT 1) s)}
    FROM s)`;
}
