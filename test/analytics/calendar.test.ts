import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboard } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, q, tempStore } from './fixtures.ts';

describe('local time: days, weeks, months, the heatmap and streaks in the user zone', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(
      db,
      [{ id: 'ar1', name: 'Alpha', genres: ['indie'] }],
      [{ id: 't1', name: 'One', artists: ['ar1'], durationMs: 200_000 }],
    );
    await addPlays(db, [
      // Berlin switches to summer time at 01:00 UTC on Sunday 29 March 2026.
      { at: '2026-03-28T23:30:00Z', track: 't1' }, // Sunday 29th 00:30 CET (Saturday 23:30 UTC)
      { at: '2026-03-29T22:30:00Z', track: 't1' }, // Monday 30th 00:30 CEST (Sunday 22:30 UTC)
      { at: '2026-03-31T12:00:00Z', track: 't1' }, // Tuesday 31st 14:00 CEST
      { at: '2026-04-02T12:00:00Z', track: 't1' }, // Thursday 2 April
    ]);
  });
  afterAll(() => db.close());

  const berlin = { timeZone: 'Europe/Berlin' };
  const range = ['2026-03-26T23:00:00Z', '2026-04-02T22:00:00Z'] as const; // Fri 27 Mar – Thu 2 Apr, Berlin

  it('puts each play on its local day, across a DST change', async () => {
    const d = await loadDashboard(db, q(...range, berlin));
    expect(d.overTime).toEqual([
      { start: '2026-03-27', plays: 0, minutes: 0 },
      { start: '2026-03-28', plays: 0, minutes: 0 },
      { start: '2026-03-29', plays: 1, minutes: 3 },
      { start: '2026-03-30', plays: 1, minutes: 3 },
      { start: '2026-03-31', plays: 1, minutes: 3 },
      { start: '2026-04-01', plays: 0, minutes: 0 },
      { start: '2026-04-02', plays: 1, minutes: 3 },
    ]);
    const utc = await loadDashboard(db, q('2026-03-27T00:00:00Z', '2026-04-03T00:00:00Z'));
    expect(utc.overTime.filter((b) => b.plays > 0).map((b) => b.start)).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-31',
      '2026-04-02',
    ]);
  });

  it('fills the 7 × 24 heatmap by local weekday and hour', async () => {
    const d = await loadDashboard(db, q(...range, berlin));
    expect(d.heatmap).toHaveLength(168);
    const hot = d.heatmap.filter((c) => c.plays > 0).map((c) => [c.weekday, c.hour, c.plays]);
    expect(hot).toEqual([
      [1, 0, 1], // Monday 00:30
      [2, 14, 1], // Tuesday 14:00
      [4, 14, 1], // Thursday 14:00
      [7, 0, 1], // Sunday 00:30
    ]);
  });

  it('buckets by ISO week (Monday) and by month, empty buckets included', async () => {
    const weeks = await loadDashboard(db, q(...range, berlin), { bucket: 'week' });
    expect(weeks.overTime).toEqual([
      { start: '2026-03-23', plays: 1, minutes: 3 },
      { start: '2026-03-30', plays: 3, minutes: 9 },
    ]);
    const months = await loadDashboard(db, q('2026-01-31T23:00:00Z', '2026-04-30T22:00:00Z', berlin), {
      bucket: 'month',
    });
    expect(months.overTime.map((b) => [b.start, b.plays])).toEqual([
      ['2026-02-01', 0],
      ['2026-03-01', 3],
      ['2026-04-01', 1],
    ]);
  });

  it('finds the longest streak and the one still running at the end of the range', async () => {
    const d = await loadDashboard(db, q(...range, berlin));
    expect(d.streaks.longest).toEqual({ days: 3, start: '2026-03-29', end: '2026-03-31' });
    // The range's last day is 2 April, which has a play: a 1-day streak runs to the end.
    expect(d.streaks.current).toEqual({ days: 1, start: '2026-04-02', end: '2026-04-02' });
    const later = await loadDashboard(db, q('2026-03-26T23:00:00Z', '2026-04-05T22:00:00Z', berlin));
    expect(later.streaks.current).toBeNull(); // nothing on 4 or 5 April
    expect(later.kpis.activeDays).toBe(4);
  });

  it('converts exactly on a DST day of a zone that changes at a half hour UTC', async () => {
    const local = await tempStore();
    await addCatalog(local, [{ id: 'ar1', name: 'Alpha' }], [{ id: 't1', name: 'One', artists: ['ar1'] }]);
    // Adelaide (UTC+9:30) moves to UTC+10:30 at 02:00 local on 4 October 2026, i.e. 16:30 UTC on the 3rd.
    await addPlays(local, [
      { at: '2026-10-03T16:15:00Z', track: 't1' }, // 01:45 ACST
      { at: '2026-10-03T16:45:00Z', track: 't1' }, // 03:15 ACDT
      { at: '2026-10-05T16:45:00Z', track: 't1' }, // 03:15 ACDT, an ordinary day
    ]);
    const d = await loadDashboard(
      local,
      q('2026-10-01T00:00:00Z', '2026-10-08T00:00:00Z', { timeZone: 'Australia/Adelaide', minStreamMs: 0 }),
    );
    expect(d.heatmap.filter((c) => c.plays > 0).map((c) => [c.weekday, c.hour, c.plays])).toEqual([
      [2, 3, 1], // Tuesday 6th 03:15
      [7, 1, 1], // Sunday 4th 01:45
      [7, 3, 1], // Sunday 4th 03:15
    ]);
    await local.close();
  });
});
