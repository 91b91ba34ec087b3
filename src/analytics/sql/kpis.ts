import { minutesSql } from '../model.ts';

/**
 * Headline figures of the range (reads `p`, `p_all` and the rollups: a distinct count is
 * the number of rows of a rollup that other analyses compute anyway); one STRUCT shaped
 * like Kpis.
 */
export function kpisSql(): string {
  return `(SELECT {
      'plays': count(*)::INTEGER,
      'minutes': ${minutesSql('ms')},
      'distinctTracks': (SELECT count(*) FROM by_tk)::INTEGER,
      'distinctArtists': (SELECT count(*) FROM by_ak)::INTEGER,
      'distinctAlbums': (SELECT count(*) FROM by_alk)::INTEGER,
      'averageSongLengthMs': round(avg(duration_ms))::DOUBLE,
      'averageListenMs': round(avg(ms))::DOUBLE,
      'activeDays': (SELECT count(*) FROM by_day)::INTEGER,
      'shortPlaysIgnored': (SELECT count(*) FILTER (WHERE NOT counted) FROM p_all)::INTEGER
    } FROM p)`;
}
