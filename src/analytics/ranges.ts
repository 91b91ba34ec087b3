import { localDay, zoneOffsetMs } from '../util/zones.ts';
import { AnalyticsQueryError } from './query.ts';

/** A [from, to) range of UTC instants, as AnalyticsQuery takes it. */
export interface InstantRange {
  from: Date;
  to: Date;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC instant at which the local date `y-m-d` begins in `timeZone` (DST-aware). */
export function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall - zoneOffsetMs(wall, timeZone);
  // A second pass settles days whose offset differs from the first guess's (DST changes).
  guess = wall - zoneOffsetMs(guess, timeZone);
  return new Date(guess);
}

export function parseLocalDate(text: string): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(text.trim());
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!m || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    throw new AnalyticsQueryError(`"${text}" is not a date; use YYYY-MM-DD, e.g. 2026-03-01.`);
  return { year, month, day };
}

/** A calendar year in the user's zone. */
export function yearRange(year: number, timeZone: string): InstantRange {
  if (!Number.isInteger(year) || year < 1970 || year > 9999)
    throw new AnalyticsQueryError(`"${year}" is not a year to report on.`);
  return { from: localMidnight(year, 1, 1, timeZone), to: localMidnight(year + 1, 1, 1, timeZone) };
}

/** Local dates, both included: from the start of `first` to the end of `last`. */
export function dateRange(first: string, last: string, timeZone: string): InstantRange {
  const a = parseLocalDate(first);
  const b = parseLocalDate(last);
  const from = localMidnight(a.year, a.month, a.day, timeZone);
  const to = localMidnight(b.year, b.month, b.day + 1, timeZone);
  if (to.getTime() <= from.getTime())
    throw new AnalyticsQueryError(`The range ${first} … ${last} ends before it starts.`);
  return { from, to };
}

/**
 * A range written by people: `2026` (a year), `2026-03` (a month) or `2026-03-05` (a day),
 * all in the user's zone.
 */
export function parseRangeSpec(spec: string, timeZone: string): InstantRange {
  const text = spec.trim();
  if (/^\d{4}$/.test(text)) return yearRange(Number(text), timeZone);
  const month = /^(\d{4})-(\d{2})$/.exec(text);
  if (month) {
    const y = Number(month[1]);
    const m = Number(month[2]);
    if (m < 1 || m > 12) throw new AnalyticsQueryError(`"${spec}" is not a month; use YYYY-MM.`);
    return { from: localMidnight(y, m, 1, timeZone), to: localMidnight(y, m + 1, 1, timeZone) };
  }
  if (DATE_RE.test(text)) return dateRange(text, text, timeZone);
  throw new AnalyticsQueryError(
    `"${spec}" is not a range; use a year (2026), a month (2026-03) or a day (2026-03-05).`,
  );
}

/** The last `days` local days up to and including the day of `nowMs`. */
export function lastDaysRange(days: number, nowMs: number, timeZone: string): InstantRange {
  const { year, month, day } = parseLocalDate(localDay(nowMs, timeZone));
  return {
    from: localMidnight(year, month, day - days + 1, timeZone),
    to: localMidnight(year, month, day + 1, timeZone),
  };
}
