/**
 * Rediscovery: what you played on this day in earlier years, favourites you stopped
 * playing, and when in the day you listen (the 24-hour clock). Same model and stream
 * rule as the dashboard; days are the user's local days.
 */
import type { Db } from '../store/db.ts';
import { localDay } from '../util/zones.ts';
import { AnalyticsQueryError, checkedInteger, resolveQuery } from './query.ts';
import { lastDaysRange, localMidnight } from './ranges.ts';
import { runAnalyses } from './run.ts';
import { clockSql, forgottenSql, onThisDaySql } from './sql/rediscover.ts';
import type { AnalyticsQuery } from './types.ts';
import { DEFAULT_FORGOTTEN_MONTHS } from './rediscover-defaults.ts';

export interface RediscoverQuery {
  userId: string;
  timeZone: string;
  now: number;
  minStreamMs?: number;
}

export interface RediscoveredTrack {
  trackKey: string;
  /** The Spotify track id of its latest play; null for tracks known by name only. */
  trackId: string | null;
  name: string;
  artistId: string | null;
  artistName: string | null;
  albumId: string | null;
  albumName: string | null;
  playArtist: string | null;
  plays: number;
  minutes: number;
}

export interface OnThisDayYear {
  year: number;
  yearsAgo: number;
  plays: number;
  minutes: number;
  tracks: RediscoveredTrack[];
}

export interface OnThisDay {
  /** Today, local: `YYYY-MM-DD`. */
  today: string;
  years: OnThisDayYear[];
}

export interface ForgottenTrack extends RediscoveredTrack {
  lastPlayedAt: string;
}

export interface Forgotten {
  months: number;
  minPlays: number;
  /** Nothing of these was streamed since this local day. */
  since: string;
  tracks: ForgottenTrack[];
}

function allTime(query: RediscoverQuery) {
  return resolveQuery({
    userId: query.userId,
    timeZone: query.timeZone,
    from: new Date(0),
    to: lastDaysRange(1, query.now, query.timeZone).to,
    ...(query.minStreamMs === undefined ? {} : { minStreamMs: query.minStreamMs }),
  });
}

/** Every earlier year with plays on today's month and day (Feb 29: leap years only). */
export async function loadOnThisDay(
  db: Db,
  query: RediscoverQuery & { tracksPerYear?: number },
): Promise<OnThisDay> {
  const q = allTime(query);
  const today = localDay(query.now, q.timeZone);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const limit = checkedInteger(query.tracksPerYear ?? 5, 'tracksPerYear', 1, 50);
  const { years } = await runAnalyses<{ years: Array<Omit<OnThisDayYear, 'yearsAgo'>> }>(db, q, {
    years: onThisDaySql(year, month, day, limit),
  });
  return { today, years: years.map((y) => ({ ...y, yearsAgo: year - y.year })) };
}

/** The local day `months` calendar months before today (the 31st becomes the month's last day). */
export function monthsBefore(today: string, months: number): { y: number; m: number; d: number } {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) - months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { y, m, d: Math.min(day, last) };
}

export { DEFAULT_FORGOTTEN_MONTHS };

/** Tracks streamed at least `minPlays` times but not in the last `months` months. */
export async function loadForgotten(
  db: Db,
  query: RediscoverQuery & { months?: number; minPlays?: number; limit?: number },
): Promise<Forgotten> {
  const q = allTime(query);
  const months = checkedMonths(query.months ?? DEFAULT_FORGOTTEN_MONTHS);
  const minPlays = checkedInteger(query.minPlays ?? 5, 'minPlays', 1, 100_000);
  const limit = checkedInteger(query.limit ?? 25, 'limit', 1, 100);
  const cut = monthsBefore(localDay(query.now, q.timeZone), months);
  const cutoff = localMidnight(cut.y, cut.m, cut.d, q.timeZone);
  const { tracks } = await runAnalyses<{ tracks: ForgottenTrack[] }>(db, q, {
    tracks: forgottenSql(cutoff.getTime() * 1000, minPlays, limit),
  });
  return { months, minPlays, since: localDay(cutoff.getTime(), q.timeZone), tracks };
}

function checkedMonths(months: number): number {
  if (!Number.isInteger(months) || months < 1 || months > 240)
    throw new AnalyticsQueryError('The number of months must be a whole number from 1 to 240.');
  return months;
}

export interface ClockHour {
  hour: number;
  plays: number;
  minutes: number;
}

/** Streams and minutes per local hour over a range: the 24-hour listening clock. */
export async function loadListeningClock(db: Db, query: AnalyticsQuery): Promise<ClockHour[]> {
  const { hours } = await runAnalyses<{ hours: ClockHour[] }>(db, resolveQuery(query), {
    hours: clockSql(),
  });
  return hours;
}
