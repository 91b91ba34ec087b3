import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboard, loadYearInReview, yearRange } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, q, tempStore } from './fixtures.ts';

const ARTISTS = [
  { id: 'ar1', name: 'Alpha', genres: ['indie'] },
  { id: 'ar2', name: 'Beta', genres: ['jazz'] },
  { id: 'ar3', name: 'Gamma', genres: null },
];
const TRACKS = [
  { id: 't1', name: 'One', artists: ['ar1'], durationMs: 200_000, isrc: 'X1' },
  { id: 't1b', name: 'One (single)', artists: ['ar1'], durationMs: 200_000, isrc: 'X1' },
  { id: 't2', name: 'Two', artists: ['ar2'], durationMs: 240_000 },
  { id: 't3', name: 'Three', artists: ['ar3'], durationMs: 300_000 },
];

describe('discoveries and the year in review', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(db, ARTISTS, TRACKS);
    await addPlays(db, [
      // History before 2026: t1 counted; t3 only skipped (below the rule: not a discovery yet).
      { at: '2025-12-01T10:00:00Z', track: 't1' },
      { at: '2025-12-01T10:10:00Z', track: 't3', ms: 5_000 },
      // January 2026.
      { at: '2026-01-10T10:00:00Z', track: 't1b' }, // same recording as t1: not new
      { at: '2026-01-10T10:05:00Z', track: 't2' }, // new track, new artist Beta
      { at: '2026-01-10T10:10:00Z', track: 't3' }, // new (the December play was too short)
      { at: '2026-01-11T09:00:00Z', name: 'Four', artist: 'Delta', ms: 120_000 }, // new, by name
      // March 2026: the biggest month by minutes and the biggest day.
      { at: '2026-03-02T20:00:00Z', track: 't3' },
      { at: '2026-03-02T20:05:00Z', track: 't3' },
      { at: '2026-03-02T20:10:00Z', track: 't3' },
      { at: '2026-03-02T20:15:00Z', track: 't2' },
    ]);
  });
  afterAll(() => db.close());

  it('reports first-ever listens across all history, within the range', async () => {
    const d = await loadDashboard(db, q('2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'));
    expect(d.discoveries.newTracks).toBe(3);
    expect(d.discoveries.tracks.map((t) => [t.id, t.name, t.localDate])).toEqual([
      ['t2', 'Two', '2026-01-10'],
      ['t3', 'Three', '2026-01-10'],
      ['name:four|delta', 'Four', '2026-01-11'],
    ]);
    expect(d.discoveries.newArtists).toBe(3);
    expect(d.discoveries.artists.map((a) => a.name)).toEqual(['Beta', 'Gamma', 'Delta']);
    expect(d.discoveries.artists[0]).toMatchObject({ id: 'ar2', firstPlayedAt: '2026-01-10T10:05:00.000Z' });
    // March: everything played then was first heard in January.
    const march = await loadDashboard(db, q('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'));
    expect(march.discoveries).toMatchObject({ newTracks: 0, newArtists: 0, tracks: [], artists: [] });
  });

  it('sums up a year: minutes, top 5s by minutes, top month, biggest day, longest session, new artists', async () => {
    const r = await loadYearInReview(db, { userId: 'u1', timeZone: 'UTC', ...yearRange(2026, 'UTC') });
    // 2026: 7 plays of 3 min (t1b, t2 ×2, t3 ×4) and Four's 2 min.
    expect(r.plays).toBe(8);
    expect(r.minutes).toBe(23); // 7 × 3 min + 2 min
    expect(r.topArtists.map((a) => [a.name, a.plays])).toEqual([
      ['Gamma', 4],
      ['Beta', 2],
      ['Alpha', 1],
      ['Delta', 1],
    ]);
    expect(r.topTracks[0]).toMatchObject({ name: 'Three', plays: 4, minutes: 12 });
    expect(r.topGenres.map((g) => g.genre)).toEqual(['jazz', 'indie']);
    expect(r.genresPending).toEqual({ plays: 5, minutes: 14 }); // Gamma (no genres) ×4, Delta (unresolved)
    expect(r.topMonth).toEqual({ month: '2026-03', plays: 4, minutes: 12 });
    expect(r.biggestDay).toEqual({ date: '2026-03-02', plays: 4, minutes: 12 });
    expect(r.longestSession).toMatchObject({ localStart: '2026-03-02 19:57', plays: 4, minutes: 12 });
    expect(r.newArtists.count).toBe(3);
    expect(r.newArtists.first.map((a) => a.name)).toEqual(['Beta', 'Gamma', 'Delta']);
    expect(r.longestStreak).toEqual({ days: 2, start: '2026-01-10', end: '2026-01-11' });
  });

  it('reviews any range, in the user zone', async () => {
    // In Tokyo (UTC+9) the 20:00 UTC plays of 2 March fall on 3 March.
    const r = await loadYearInReview(db, {
      userId: 'u1',
      timeZone: 'Asia/Tokyo',
      from: new Date('2026-02-28T15:00:00Z'),
      to: new Date('2026-03-31T15:00:00Z'),
    });
    expect(r.biggestDay?.date).toBe('2026-03-03');
    expect(r.newArtists.count).toBe(0);
    expect(r.range).toEqual({
      from: '2026-02-28T15:00:00.000Z',
      to: '2026-03-31T15:00:00.000Z',
      timeZone: 'Asia/Tokyo',
    });
  });
});
