import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsQueryError } from '../../src/analytics/index.ts';
import {
  loadForgotten,
  loadListeningClock,
  loadOnThisDay,
  monthsBefore,
} from '../../src/analytics/rediscover.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, tempStore } from './fixtures.ts';

// "Now": 2026-03-15 09:00 in Los Angeles (16:00 UTC). Local days are Los Angeles days.
const NOW = Date.parse('2026-03-15T16:00:00Z');
const TZ = 'America/Los_Angeles';

const repeat = (n: number, start: string, track: string, stepHours = 24) =>
  Array.from({ length: n }, (_, i) => ({
    at: new Date(Date.parse(start) + i * stepHours * 3_600_000).toISOString(),
    track,
  }));

describe('rediscovery', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(
      db,
      [
        { id: 'ar1', name: 'Alpha' },
        { id: 'ar2', name: 'Beta' },
      ],
      [
        { id: 't1', name: 'Old Love', artists: ['ar1'] },
        { id: 't2', name: 'Still Here', artists: ['ar2'] },
        { id: 't3', name: 'Barely', artists: ['ar2'] },
        { id: 't4', name: 'Today', artists: ['ar2'] },
      ],
    );
    await addPlays(db, [
      // March 15 in earlier years, Los Angeles time. 2025-03-16T05:00Z is still the 15th
      // there (22:00 PDT); 2024-03-15T05:00Z is the 14th (22:00 PDT): not this day.
      { at: '2025-03-15T18:00:00Z', track: 't1' },
      { at: '2025-03-16T05:00:00Z', track: 't1' },
      { at: '2025-03-15T19:00:00Z', track: 't2' },
      { at: '2024-03-15T05:00:00Z', track: 't2' },
      { at: '2021-03-15T20:00:00Z', track: 't2', ms: 10_000 }, // short: not a stream
      { at: '2021-03-15T21:00:00Z', track: 't3' },
      // Today's plays are not "years ago".
      { at: '2026-03-15T15:00:00Z', track: 't4' },
      // Old Love: 6 streams in 2025 (2 above and 4 in April), none since; Still Here kept playing.
      ...repeat(4, '2025-04-01T18:00:00Z', 't1'),
      ...repeat(6, '2025-05-01T18:00:00Z', 't2'),
      ...repeat(2, '2026-02-01T18:00:00Z', 't2'),
      // Barely: 3 streams long ago, under the threshold of 5.
      ...repeat(2, '2024-01-01T18:00:00Z', 't3'),
    ]);
  });
  afterAll(() => db.close());

  it('lists every earlier year with plays on this local day, newest first', async () => {
    const r = await loadOnThisDay(db, { userId: 'u1', timeZone: TZ, now: NOW });
    expect(r.today).toBe('2026-03-15');
    expect(r.years.map((y) => [y.year, y.yearsAgo, y.plays])).toEqual([
      [2025, 1, 3],
      [2021, 5, 1],
    ]);
    expect(r.years[0]!.tracks.map((t) => [t.name, t.plays, t.trackId])).toEqual([
      ['Old Love', 2, 't1'],
      ['Still Here', 1, 't2'],
    ]);
    expect(r.years[1]!.tracks.map((t) => t.name)).toEqual(['Barely']);
  });

  it('reads the day in the account zone', async () => {
    // In UTC, 2024-03-15T05:00Z is March 15 and 2025-03-16T05:00Z is not.
    const r = await loadOnThisDay(db, { userId: 'u1', timeZone: 'UTC', now: NOW });
    expect(r.years.map((y) => [y.year, y.plays])).toEqual([
      [2025, 2],
      [2024, 1],
      [2021, 1],
    ]);
  });

  it('finds favourites not played in the last N months', async () => {
    const six = await loadForgotten(db, { userId: 'u1', timeZone: TZ, now: NOW });
    expect(six.since).toBe('2025-09-15');
    expect(six.tracks.map((t) => [t.name, t.plays, t.trackId, t.artistName])).toEqual([
      ['Old Love', 6, 't1', 'Alpha'],
    ]);
    expect(six.tracks[0]!.lastPlayedAt).toBe('2025-04-04T18:00:00.000Z');
    // Still Here's last play was on Feb 2: forgotten over 1 month (10 streams), not over 2.
    const one = await loadForgotten(db, { userId: 'u1', timeZone: TZ, now: NOW, months: 1 });
    expect(one.tracks.map((t) => [t.name, t.plays])).toEqual([
      ['Still Here', 10],
      ['Old Love', 6],
    ]);
    const two = await loadForgotten(db, { userId: 'u1', timeZone: TZ, now: NOW, months: 2 });
    expect(two.tracks.map((t) => t.name)).toEqual(['Old Love']);
    const lower = await loadForgotten(db, { userId: 'u1', timeZone: TZ, now: NOW, minPlays: 3 });
    expect(lower.tracks.map((t) => [t.name, t.plays])).toEqual([
      ['Old Love', 6],
      ['Barely', 3],
    ]);
  });

  it('refuses a number of months out of range', async () => {
    for (const months of [0, -1, 1.5, 241])
      await expect(loadForgotten(db, { userId: 'u1', timeZone: TZ, now: NOW, months })).rejects.toThrow(
        AnalyticsQueryError,
      );
    expect(monthsBefore('2026-03-31', 1)).toEqual({ y: 2026, m: 2, d: 28 });
    expect(monthsBefore('2026-01-15', 13)).toEqual({ y: 2024, m: 12, d: 15 });
  });

  it('counts streams per local hour for the clock', async () => {
    const hours = await loadListeningClock(db, {
      userId: 'u1',
      timeZone: TZ,
      from: new Date('2025-03-15T07:00:00Z'),
      to: new Date('2025-03-17T07:00:00Z'),
    });
    expect(hours).toHaveLength(24);
    // 18:00Z and 19:00Z are 11:00 and 12:00 PDT; 05:00Z on the 16th is 22:00 PDT.
    expect(hours.filter((h) => h.plays > 0).map((h) => [h.hour, h.plays])).toEqual([
      [11, 1],
      [12, 1],
      [22, 1],
    ]);
  });
});
