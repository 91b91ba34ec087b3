import type { Db } from '../store/db.ts';
import { stringLiteral } from './model.ts';
import { checkedInteger, resolveQuery } from './query.ts';
import { runAnalyses } from './run.ts';
import { discoveriesSql } from './sql/discoveries.ts';
import { heatmapSql } from './sql/heatmap.ts';
import { kpisSql } from './sql/kpis.ts';
import { overTimeSql } from './sql/over-time.ts';
import { sessionStatsSql } from './sql/sessions.ts';
import { streaksSql } from './sql/streaks.ts';
import { genresPendingSql, topAlbumsSql, topArtistsSql, topGenresSql, topTracksSql } from './sql/tops.ts';
import type { AnalyticsQuery, Bucket, Dashboard } from './types.ts';
import { AnalyticsQueryError } from './query.ts';

export interface DashboardOptions {
  bucket?: Bucket;
  /** Length of each top list; default 10. */
  limit?: number;
}

type DashboardParts = Omit<Dashboard, 'userId' | 'range' | 'rule' | 'metric' | 'bucket'>;

/** Everything the dashboard shows for one user and range, in one statement. */
export async function loadDashboard(
  db: Db,
  query: AnalyticsQuery,
  opts: DashboardOptions = {},
): Promise<Dashboard> {
  const q = resolveQuery(query);
  const bucket = opts.bucket ?? 'day';
  if (!['day', 'week', 'month'].includes(bucket))
    throw new AnalyticsQueryError(`Unknown bucket "${String(bucket)}"; use day, week or month.`);
  const limit = checkedInteger(opts.limit ?? 10, 'limit', 1, 200);
  const parts = await runAnalyses<DashboardParts>(
    db,
    q,
    {
      kpis: kpisSql(),
      overTime: overTimeSql(bucket),
      heatmap: heatmapSql(),
      topArtists: topArtistsSql(q.metric, limit),
      topTracks: topTracksSql(q.metric, limit),
      topAlbums: topAlbumsSql(q.metric, limit),
      topGenres: topGenresSql(q.metric, limit),
      genresPending: genresPendingSql(),
      sessions: sessionStatsSql(q.sessionGapMinutes, stringLiteral(q.timeZone)),
      discoveries: discoveriesSql(limit),
      streaks: streaksSql(),
    },
    { prior: true },
  );
  return {
    userId: q.userId,
    range: { from: q.from.toISOString(), to: q.to.toISOString(), timeZone: q.timeZone },
    rule: { minStreamMs: q.minStreamMs, sessionGapMinutes: q.sessionGapMinutes },
    metric: q.metric,
    bucket,
    ...parts,
  };
}
