import { minutesSql, totalMinutesSql } from '../model.ts';

/** The local month with the most minutes (most plays on a tie, earliest after that). */
export function topMonthSql(): string {
  return `(SELECT {'month': month, 'plays': plays, 'minutes': minutes} FROM (
      SELECT strftime(local_day, '%Y-%m') AS month, sum(plays)::INTEGER AS plays, ${minutesSql('ms')} AS minutes
      FROM by_day GROUP BY 1) ORDER BY minutes DESC, plays DESC, month LIMIT 1)`;
}

/** The local day with the most minutes (most plays on a tie, earliest after that). */
export function biggestDaySql(): string {
  return `(SELECT {'date': strftime(local_day, '%Y-%m-%d'), 'plays': plays, 'minutes': minutes} FROM (
      SELECT local_day, plays, ${totalMinutesSql('ms')} AS minutes FROM by_day) ORDER BY minutes DESC, plays DESC, local_day LIMIT 1)`;
}
