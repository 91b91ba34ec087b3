import { describe, expect, it } from 'vitest';
import {
  dateRange,
  lastDaysRange,
  localMidnight,
  parseRangeSpec,
  yearRange,
} from '../../src/analytics/index.ts';

const iso = (r: { from: Date; to: Date }) => [r.from.toISOString(), r.to.toISOString()];

describe('ranges in the user zone', () => {
  it('finds local midnight, also on DST days', () => {
    expect(localMidnight(2026, 3, 29, 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localMidnight(2026, 3, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localMidnight(2026, 11, 1, 'America/Los_Angeles').toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(localMidnight(2026, 11, 2, 'America/Los_Angeles').toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(localMidnight(2026, 1, 1, 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
  });

  it('makes years, months, days and date spans', () => {
    expect(iso(yearRange(2026, 'Europe/Berlin'))).toEqual([
      '2025-12-31T23:00:00.000Z',
      '2026-12-31T23:00:00.000Z',
    ]);
    expect(iso(parseRangeSpec('2026', 'UTC'))).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    expect(iso(parseRangeSpec('2026-12', 'UTC'))).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
    expect(iso(parseRangeSpec('2026-02-28', 'Asia/Tokyo'))).toEqual([
      '2026-02-27T15:00:00.000Z',
      '2026-02-28T15:00:00.000Z',
    ]);
    expect(iso(dateRange('2026-01-30', '2026-02-01', 'UTC'))).toEqual([
      '2026-01-30T00:00:00.000Z',
      '2026-02-02T00:00:00.000Z',
    ]);
    // 05:00 UTC is midnight in New York: 21 November there, and the 6 days before it.
    expect(iso(lastDaysRange(7, Date.parse('2026-11-21T05:00:00Z'), 'America/New_York'))).toEqual([
      '2026-11-15T05:00:00.000Z',
      '2026-11-22T05:00:00.000Z',
    ]);
    expect(iso(lastDaysRange(1, Date.parse('2026-11-21T04:59:00Z'), 'America/New_York'))[0]).toBe(
      '2026-11-20T05:00:00.000Z',
    );
  });

  it('explains a bad range', () => {
    expect(() => parseRangeSpec('last year', 'UTC')).toThrow(/use a year \(2026\), a month/);
    expect(() => parseRangeSpec('2026-13', 'UTC')).toThrow(/not a month/);
    expect(() => dateRange('2026-02-30', '2026-03-01', 'UTC')).toThrow(/"2026-02-30" is not a date/);
    expect(() => dateRange('2026-03-02', '2026-03-01', 'UTC')).toThrow(/ends before it starts/);
  });
});
