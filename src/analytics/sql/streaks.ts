/**
 * Listening streaks: runs of consecutive local days with at least one counted play
 * (gaps-and-islands: day minus its rank is constant within a run).
 */
function runsCte(): string {
  return `SELECT min(local_day) AS start_day, max(local_day) AS end_day, count(*)::INTEGER AS days
    FROM (SELECT local_day, local_day - (row_number() OVER (ORDER BY local_day))::INTEGER AS island
          FROM by_day)
    GROUP BY island`;
}

const STREAK = `{'days': r.days, 'start': strftime(r.start_day, '%Y-%m-%d'), 'end': strftime(r.end_day, '%Y-%m-%d')}`;

/** The longest run (earliest on a tie) and the run still going at the end of the range. */
export function streaksSql(): string {
  return `(WITH r AS (${runsCte()})
    SELECT {'longest': (SELECT ${STREAK} FROM r ORDER BY r.days DESC, r.start_day LIMIT 1),
            'current': (SELECT ${STREAK} FROM r, bounds WHERE r.end_day >= bounds.last_day - 1 ORDER BY r.end_day DESC LIMIT 1)})`;
}

export function longestStreakSql(): string {
  return `(WITH r AS (${runsCte()}) SELECT ${STREAK} FROM r ORDER BY r.days DESC, r.start_day LIMIT 1)`;
}
