import type { Db } from '../store/db.ts';
import { minutesSql, stringLiteral } from './model.ts';
import { resolveQuery } from './query.ts';
import { runAnalyses } from './run.ts';
import { biggestDaySql, topMonthSql } from './sql/calendar.ts';
import { newArtistsSql } from './sql/discoveries.ts';
import { sessionsCte, sessionStruct } from './sql/sessions.ts';
import { longestStreakSql } from './sql/streaks.ts';
import { genresPendingSql, topArtistsSql, topGenresSql, topTracksSql } from './sql/tops.ts';
import type { AnalyticsQuery, YearInReview } from './types.ts';

const TOP = 5;

type ReviewParts = Omit<YearInReview, 'userId' | 'range' | 'rule'>;

/**
 * The year in review, for a calendar year or any range: time spent, the top 5 by minutes
 * (a review is about time; `metric` is ignored), the peaks and what was new.
 */
export async function loadYearInReview(db: Db, query: AnalyticsQuery): Promise<YearInReview> {
  const q = resolveQuery({ ...query, metric: 'minutes' });
  const tz = stringLiteral(q.timeZone);
  const parts = await runAnalyses<ReviewParts>(
    db,
    q,
    {
      plays: '(SELECT count(*)::INTEGER FROM p)',
      minutes: `(SELECT ${minutesSql('ms')} FROM p)`,
      distinctArtists: '(SELECT count(*)::INTEGER FROM by_ak)',
      distinctTracks: '(SELECT count(*)::INTEGER FROM by_tk)',
      topArtists: topArtistsSql('minutes', TOP),
      topTracks: topTracksSql('minutes', TOP),
      topGenres: topGenresSql('minutes', TOP),
      genresPending: genresPendingSql(),
      topMonth: topMonthSql(),
      biggestDay: biggestDaySql(),
      longestSession: `(WITH s AS (${sessionsCte(q.sessionGapMinutes)})
        SELECT ${sessionStruct(tz)} FROM (SELECT * FROM s ORDER BY minutes DESC, start_us LIMIT 1) s)`,
      newArtists: newArtistsSql(TOP),
      longestStreak: longestStreakSql(),
    },
    { prior: true },
  );
  return {
    userId: q.userId,
    range: { from: q.from.toISOString(), to: q.to.toISOString(), timeZone: q.timeZone },
    rule: { minStreamMs: q.minStreamMs, sessionGapMinutes: q.sessionGapMinutes },
    ...parts,
  };
}
