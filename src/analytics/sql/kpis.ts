import { minutesSql } from '../model.ts';

/** Headline figures of the range (reads `p` and `p_all`); one STRUCT shaped like Kpis. */
export function kpisSql(): string {
  return `(SELECT {
      'plays': count(*)::INTEGER,
      'minutes': ${minutesSql('ms')},
      'distinctTracks': count(DISTINCT tk)::INTEGER,
      'distinctArtists': count(DISTINCT ak)::INTEGER,
      'distinctAlbums': count(DISTINCT alk)::INTEGER,
      'averageSongLengthMs': round(avg(duration_ms))::DOUBLE,
      'averageListenMs': round(avg(ms))::DOUBLE,
      'activeDays': count(DISTINCT local_day)::INTEGER,
      'shortPlaysIgnored': (SELECT count(*) FILTER (WHERE NOT counted) FROM p_all)::INTEGER
    } FROM p)`;
}
