import type { Db } from '../store/db.ts';
import { minutesSql, stringLiteral } from './model.ts';
import { resolveQuery } from './query.ts';
import { artistCovers, trackCovers } from './review-covers.ts';
import { runAnalyses } from './run.ts';
import { biggestDaySql, topMonthSql } from './sql/calendar.ts';
import { newArtistsSql } from './sql/discoveries.ts';
import { hoursSql } from './sql/hours.ts';
import { overTimeSql } from './sql/over-time.ts';
import { longestSessionSql } from './sql/sessions.ts';
import { longestStreakSql } from './sql/streaks.ts';
import { genresPendingSql, topArtistsSql, topGenresSql, topTracksSql } from './sql/tops.ts';
import type { AnalyticsQuery, TopArtist, TopTrack, YearInReview } from './types.ts';

const TOP = 5;

type ReviewParts = Omit<YearInReview, 'userId' | 'range' | 'rule' | 'topArtists' | 'topTracks'> & {
  topArtists: TopArtist[];
  topTracks: TopTrack[];
};

/**
 * The year in review, for a calendar year or any range: time spent, per month and per
 * hour of the day, the top 5 by minutes (a review is about time; `metric` is ignored) with
 * their cover art, the peaks and what was new.
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
      months: overTimeSql('month'),
      hours: hoursSql(),
      topArtists: topArtistsSql('minutes', TOP),
      topTracks: topTracksSql('minutes', TOP),
      topGenres: topGenresSql('minutes', TOP),
      genresPending: genresPendingSql(),
      topMonth: topMonthSql(),
      biggestDay: biggestDaySql(),
      longestSession: longestSessionSql(q.sessionGapMinutes, tz),
      // "New" is first-ever: the prior CTE holds every artist counted before the range.
      newArtists: newArtistsSql(TOP),
      longestStreak: longestStreakSql(),
    },
    { prior: true },
  );
  const ids = <T>(list: T[], key: (t: T) => string | null) => list.map(key).filter((v): v is string => !!v);
  const tracks = await trackCovers(
    db,
    ids(parts.topTracks, (t) => t.trackId),
  );
  const artists = await artistCovers(
    db,
    q,
    ids(parts.topArtists, (a) => a.artistId),
  );
  return {
    userId: q.userId,
    range: { from: q.from.toISOString(), to: q.to.toISOString(), timeZone: q.timeZone },
    rule: { minStreamMs: q.minStreamMs, sessionGapMinutes: q.sessionGapMinutes },
    ...parts,
    topArtists: parts.topArtists.map((a) => ({ ...a, imageUrl: artists.get(a.artistId ?? '') ?? null })),
    topTracks: parts.topTracks.map((t) => ({ ...t, imageUrl: tracks.get(t.trackId ?? '') ?? null })),
  };
}
