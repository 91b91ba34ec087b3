import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboard, loadYearInReview, yearRange } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, q, tempStore } from './fixtures.ts';

// Two years of plays: what is "new" in 2026 depends on what was heard in 2025.
const ARTISTS = [
  { id: 'old', name: 'Oldie', genres: ['rock', 'Unknown'] },
  { id: 'new', name: 'Newcomer', genres: ['unknown'] },
  { id: 'late', name: 'Latecomer', genres: ['jazz'] },
];
const TRACKS = [
  { id: 'o1', name: 'Old Song', artists: ['old'], durationMs: 240_000, album: { id: 'alo', name: 'Old LP' } },
  { id: 'n1', name: 'New Song', artists: ['new'], durationMs: 240_000, album: { id: 'aln', name: 'New LP' } },
  { id: 'l1', name: 'Late Song', artists: ['late'], durationMs: 240_000 },
];
const COVER_OLD = 'https://i.scdn.co/image/old-lp-640';
const COVER_NEW = 'https://i.scdn.co/image/new-lp-640';

describe('year in review over two years', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(db, ARTISTS, TRACKS);
    await db.run('UPDATE albums SET image_url = ? WHERE album_id = ?', [COVER_OLD, 'alo']);
    await db.run('UPDATE albums SET image_url = ? WHERE album_id = ?', [COVER_NEW, 'aln']);
    await addPlays(db, [
      // 2025: Oldie is discovered (in November), played again in December.
      { at: '2025-11-20T08:10:00Z', track: 'o1', ms: 240_000 },
      { at: '2025-12-31T23:30:00Z', track: 'o1', ms: 240_000 },
      // 2026: Oldie again in January (first of 2026, not first ever), Newcomer discovered.
      { at: '2026-01-02T22:15:00Z', track: 'o1', ms: 240_000 },
      { at: '2026-01-03T22:20:00Z', track: 'n1', ms: 240_000 },
      { at: '2026-03-05T07:30:00Z', track: 'n1', ms: 240_000 },
      { at: '2026-03-05T07:40:00Z', track: 'n1', ms: 240_000 },
      { at: '2026-03-05T22:40:00Z', track: 'l1', ms: 60_000 },
    ]);
  });
  afterAll(() => db.close());

  it('counts as new only the artists whose first play ever falls in the year', async () => {
    const y2026 = await loadYearInReview(db, { userId: 'u1', timeZone: 'UTC', ...yearRange(2026, 'UTC') });
    expect(y2026.newArtists.count).toBe(2);
    expect(y2026.newArtists.first.map((a) => a.name)).toEqual(['Newcomer', 'Latecomer']);
    const y2025 = await loadYearInReview(db, { userId: 'u1', timeZone: 'UTC', ...yearRange(2025, 'UTC') });
    expect(y2025.newArtists.first.map((a) => a.name)).toEqual(['Oldie']);
  });

  it('lists every month of the year with its minutes, and all 24 hours of the clock', async () => {
    const r = await loadYearInReview(db, { userId: 'u1', timeZone: 'UTC', ...yearRange(2026, 'UTC') });
    expect(r.months.map((m) => m.start)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`),
    );
    expect(r.months.map((m) => m.minutes)).toEqual([8, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.hours).toHaveLength(24);
    expect(r.hours.filter((h) => h.plays).map((h) => [h.hour, h.plays, h.minutes])).toEqual([
      [7, 2, 8],
      [22, 3, 9],
    ]);
    // In Tokyo (UTC+9) the 22:xx UTC plays end at 07:xx the next morning, the 07:xx ones at 16:xx,
    // and the last play of 2025 in UTC is 08:30 on 1 January 2026 there.
    const tokyo = await loadYearInReview(db, {
      userId: 'u1',
      timeZone: 'Asia/Tokyo',
      ...yearRange(2026, 'Asia/Tokyo'),
    });
    expect(tokyo.hours.filter((h) => h.plays).map((h) => [h.hour, h.plays])).toEqual([
      [7, 3],
      [8, 1],
      [16, 2],
    ]);
  });

  it('takes cover art from the stored album images, null where none is stored', async () => {
    const r = await loadYearInReview(db, { userId: 'u1', timeZone: 'UTC', ...yearRange(2026, 'UTC') });
    expect(r.topTracks.map((t) => [t.name, t.imageUrl])).toEqual([
      ['New Song', COVER_NEW],
      ['Old Song', COVER_OLD],
      ['Late Song', null],
    ]);
    expect(r.topArtists.map((a) => [a.name, a.imageUrl])).toEqual([
      ['Newcomer', COVER_NEW],
      ['Oldie', COVER_OLD],
      ['Latecomer', null],
    ]);
    // An artist picture stored by resolve wins over an album cover.
    await db.run("UPDATE artists SET image_url = 'https://i.scdn.co/image/oldie' WHERE artist_id = 'old'");
    const again = await loadYearInReview(db, { userId: 'u1', timeZone: 'UTC', ...yearRange(2026, 'UTC') });
    expect(again.topArtists.find((a) => a.name === 'Oldie')?.imageUrl).toBe('https://i.scdn.co/image/oldie');
    await db.run("UPDATE artists SET image_url = NULL WHERE artist_id = 'old'");
  });

  it('never ranks a genre called "unknown": such artists stay genres pending', async () => {
    const r = await loadYearInReview(db, { userId: 'u1', timeZone: 'UTC', ...yearRange(2026, 'UTC') });
    expect(r.topGenres.map((g) => g.genre)).toEqual(['rock', 'jazz']);
    expect(r.genresPending).toEqual({ plays: 3, minutes: 12 }); // Newcomer's only genre is "unknown"
    const d = await loadDashboard(db, q('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'));
    expect(d.topGenres.map((g) => g.genre)).not.toContain('unknown');
    expect(d.topGenres.map((g) => g.genre.toLowerCase())).not.toContain('unknown');
  });
});
