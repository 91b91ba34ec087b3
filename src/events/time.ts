/**
 * Wall-clock conversions for venues. Sources give local dates and times (SeatGeek
 * without any zone suffix), so converting between a venue's clock and UTC happens here,
 * once, using the IANA zone and the platform's time-zone database.
 */

import { zoneOffsetMs } from '../util/zones.ts';

export { isTimeZone, zoneOffsetMs } from '../util/zones.ts';

/**
 * The UTC instant of a wall-clock time in `timeZone`. Two passes settle the offset near a
 * DST change. A time that occurs twice (fall back) is the earlier one; a time that does
 * not exist (spring forward) lands an hour later, as most calendars resolve it.
 */
export function localToUtc(localDate: string, localTime: string, timeZone: string): Date {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss] = localTime.split(':').map(Number) as [number, number, number | undefined];
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss ?? 0);
  const first = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(first, timeZone);
  // In a gap no instant shows `wall`; `first` (the offset before the change) reads an hour later.
  const shows = second + zoneOffsetMs(second, timeZone) === wall;
  return new Date(shows ? second : first);
}

/** `2026-06-01T19:30:00Z` — the only form Ticketmaster accepts (anything else is DIS1015). */
export function toTicketmasterDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `2026-06-01T19:30:00` — SeatGeek's `datetime_utc.*` filters take UTC without a suffix. */
export function toSeatGeekUtc(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** Parses a timestamp that may lack a zone suffix (SeatGeek's `datetime_utc`) as UTC. */
export function parseUtcTimestamp(value: string): Date | null {
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(withZone);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `19:30:00` or `19:30` → `19:30`; anything else → null. */
export function toHourMinute(value: string | undefined | null): string | null {
  const match = value ? /^(\d{2}):(\d{2})/.exec(value) : null;
  return match ? `${match[1]}:${match[2]}` : null;
}
