import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboard, loadYearInReview } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, q, tempStore } from './fixtures.ts';

/**
 * Shapes seen in real history (issue 9): plays longer than INT32 microseconds allow, and
 * account-data rows the importer spread to +1 s / +2 s within one minute.
 */
const LONG_MS = 12_665_880; // 3 h 31 min 5.88 s: a sleep / drone track

const ARTISTS = [
  { id: 'ar1', name: 'Alpha', genres: ['drone'] },
  { id: 'ar2', name: 'Beta', genres: ['indie'] },
];
const TRACKS = [
  { id: 'long', name: 'Sleep', artists: ['ar1'], durationMs: LONG_MS },
  { id: 't1', name: 'One', artists: ['ar2'], durationMs: 200_000, isrc: 'X1' },
  // The same recording released again: one track in every analysis, its plays add up.
  { id: 't1b', name: 'One (single)', artists: ['ar2'], durationMs: 200_000, isrc: 'X1' },
];

describe('analytics on real history', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(db, ARTISTS, TRACKS);
    await addPlays(db, [
      // 2026-02-01: one long play, ending 04:00 UTC (it started 00:28:54.12).
      { at: '2026-02-01T04:00:00Z', track: 'long', ms: LONG_MS, source: 'export_extended' },
      // 2026-02-02: a skip, then the full listen of the same track, stored 1 s apart (the
      // importer's spread of one export minute), and the other release 1 s after that.
      { at: '2026-02-02T09:15:00Z', track: 't1', ms: 4_000, source: 'export_account' },
      { at: '2026-02-02T09:15:01Z', track: 't1', ms: 200_000, source: 'export_account' },
      { at: '2026-02-02T09:15:02Z', track: 't1b', ms: 200_000, source: 'export_account' },
    ]);
  });
  afterAll(() => db.close());

  it('adds up a play of 12,665,880 ms in every figure (no INT32 overflow)', async () => {
    const d = await loadDashboard(db, q('2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z'));
    expect(d.kpis).toMatchObject({
      plays: 1,
      minutes: 211.1,
      averageListenMs: LONG_MS,
      averageSongLengthMs: LONG_MS,
    });
    expect(d.sessions).toEqual({
      count: 1,
      averageMinutes: 211.1,
      longest: {
        start: '2026-02-01T00:28:54.120Z',
        end: '2026-02-01T04:00:00.000Z',
        localStart: '2026-02-01 00:28',
        plays: 1,
        minutes: 211.1,
      },
    });
    expect(d.topTracks[0]).toMatchObject({ name: 'Sleep', plays: 1, minutes: 211.1 });
    expect(d.topGenres).toEqual([{ genre: 'drone', plays: 1, minutes: 211.1 }]);
    expect(d.overTime).toEqual([{ start: '2026-02-01', plays: 1, minutes: 211.1 }]);
    expect(d.heatmap.find((c) => c.plays > 0)).toEqual({ weekday: 7, hour: 4, plays: 1, minutes: 211.1 });
    const r = await loadYearInReview(db, q('2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z'));
    expect(r).toMatchObject({ plays: 1, minutes: 211.1 });
    expect(r.longestSession).toMatchObject({ start: '2026-02-01T00:28:54.120Z', minutes: 211.1 });
  });

  it('counts a skip and the full listen a second after it as two plays; the full listen is a stream', async () => {
    const range = q('2026-02-02T00:00:00Z', '2026-02-03T00:00:00Z');
    const d = await loadDashboard(db, range);
    // Counted: the full listen of t1 and the play of t1b (same recording); the skip is short.
    expect(d.kpis).toMatchObject({ plays: 2, minutes: 6.7, distinctTracks: 1, shortPlaysIgnored: 1 });
    expect(d.topTracks).toHaveLength(1);
    expect(d.topTracks[0]).toMatchObject({ plays: 2, minutes: 6.7 });
    expect(d.topArtists).toEqual([{ artistId: 'ar2', name: 'Beta', plays: 2, minutes: 6.7 }]);
    expect(d.sessions.longest).toMatchObject({ plays: 2, minutes: 6.7 });
    const all = await loadDashboard(db, { ...range, minStreamMs: 0 });
    expect(all.kpis).toMatchObject({ plays: 3, shortPlaysIgnored: 0 });
    expect(all.sessions.longest?.plays).toBe(3);
    const r = await loadYearInReview(db, range);
    expect(r).toMatchObject({ plays: 2, minutes: 6.7 });
    expect(r.topTracks[0]).toMatchObject({ plays: 2 });
  });
});
