import { isoSql, localTimeSql, totalMinutesSql } from '../model.ts';

const MINUTE_US = 60_000_000;

/**
 * Listening sessions: consecutive counted plays (in order of their end) where the next play
 * starts (its end minus the time listened) less than `gapMinutes` after the previous one
 * ended. CTEs for a subquery's WITH:
 *
 * - `marks` — every counted play with its row number, the previous play's end and the ms
 *   listened up to and including it: ONE sort of the range's plays (all three windows share
 *   it). The old shape numbered sessions with a running count of session starts, a second
 *   window over its own sort; on ten years of plays that second sort was a fifth of the
 *   dashboard's CPU.
 * - `s` — one row per session: rn (its first play's row number), plays, ms, minutes and
 *   end_us, from the session starts alone (a session runs up to the next start; its ms is
 *   the difference of the running totals). Ties on end_us never split a session (the
 *   second of two plays ending together starts before the first ended); of plays ending
 *   together the longest comes first, so that whether a session starts there depends on the
 *   earliest start among them, not on the order the store returned them in.
 *
 * A session's start — the earliest start of its plays, which need not be its first play's
 * when plays overlap — is only needed for the one session shown (`longestSessionSql`).
 */
function sessionCtes(gapMinutes: number): string {
  return `marks AS MATERIALIZED (
      SELECT end_us, end_us - ms * 1000::BIGINT AS start_us, ms,
             lag(end_us) OVER w AS prev_end, row_number() OVER w AS rn, sum(ms) OVER w AS upto_ms
      FROM p WINDOW w AS (ORDER BY end_us, ms DESC ROWS UNBOUNDED PRECEDING)
    ),
    starts AS (
      SELECT rn, prev_end, (upto_ms - ms)::BIGINT AS before_ms FROM marks
      WHERE prev_end IS NULL OR start_us - prev_end >= ${gapMinutes * MINUTE_US}
    ),
    totals AS (SELECT max(rn) AS n, max(upto_ms)::BIGINT AS ms, max(end_us) AS end_us FROM marks),
    s AS (
      SELECT rn, plays, ms, ${totalMinutesSql('ms')} AS minutes, end_us FROM (
        SELECT st.rn, (coalesce(lead(st.rn) OVER o, t.n + 1) - st.rn)::INTEGER AS plays,
               coalesce(lead(st.before_ms) OVER o, t.ms) - st.before_ms AS ms,
               -- The play before the next start is this session's last: its end is the latest.
               coalesce(lead(st.prev_end) OVER o, t.end_us) AS end_us
        FROM starts st, totals t WINDOW o AS (ORDER BY st.rn)
      )
    )`;
}

/**
 * The longest session (most minutes listened; the earliest on a tie) as a STRUCT shaped
 * like Session, or NULL. Its start is found for the tied sessions only: their plays by row
 * number (a hash join on the few numbers, not a second sort of the range).
 */
function longestSessionSelect(tz: string): string {
  return `(WITH best AS (SELECT * FROM s WHERE minutes = (SELECT max(minutes) FROM s)),
      firsts AS (
        SELECT b.rn, min(m.start_us) AS start_us
        FROM (SELECT rn, unnest(range(rn, rn + plays)) AS member FROM best) b JOIN marks m ON m.rn = b.member
        GROUP BY b.rn
      )
    SELECT {'start': ${isoSql('f.start_us')}, 'end': ${isoSql('b.end_us')},
      'localStart': ${localTimeSql(`timezone(${tz}, make_timestamptz(f.start_us))`)}, 'plays': b.plays, 'minutes': b.minutes}
    FROM best b JOIN firsts f USING (rn) ORDER BY f.start_us, b.rn LIMIT 1)`;
}

/** The longest session alone (the year in review). */
export function longestSessionSql(gapMinutes: number, tz: string): string {
  return `(WITH ${sessionCtes(gapMinutes)} SELECT ${longestSessionSelect(tz)})`;
}

/** Count, mean length and the longest session (Session shape). */
export function sessionStatsSql(gapMinutes: number, tz: string): string {
  return `(WITH ${sessionCtes(gapMinutes)}
    SELECT {'count': count(*)::INTEGER,
            'averageMinutes': round(avg(minutes), 1)::DOUBLE,
            'longest': ${longestSessionSelect(tz)}}
    FROM s)`;
}
