import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsQueryError, loadDashboard } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, q, tempStore } from './fixtures.ts';

/**
 * One small day of listening with every special case the model handles; the expected
 * figures are worked out by hand in the comments.
 */
const ARTISTS = [
  { id: 'ar1', name: 'Alpha', genres: ['indie', 'rock'] },
  { id: 'ar2', name: 'Beta', genres: null }, // genres unknown
  { id: 'ar3', name: 'Gamma', genres: [] }, // the catalog has no genres for it either
];
const TRACKS = [
  {
    id: 't1',
    name: 'One',
    artists: ['ar1'],
    durationMs: 200_000,
    isrc: 'X1',
    album: { id: 'al1', name: 'First' },
  },
  // The same recording released again (a single): the same ISRC, another id.
  {
    id: 't1b',
    name: 'One (single)',
    artists: ['ar1'],
    durationMs: 200_000,
    isrc: 'x1',
    album: { id: 'al2', name: 'Single' },
  },
  // Beta's track featuring Alpha: credited to Beta (the primary artist).
  {
    id: 't2',
    name: 'Two',
    artists: ['ar2', 'ar1'],
    durationMs: 240_000,
    album: { id: 'al1', name: 'First' },
  },
  { id: 't3', name: 'Three', artists: ['ar3'], durationMs: null },
];
const DAY = [
  { at: '2026-01-05T10:00:00Z', track: 't1', ms: 200_000 },
  { at: '2026-01-05T10:10:00Z', track: 't1', ms: 29_999 }, // below the stream rule
  { at: '2026-01-05T10:20:00Z', track: 't1', ms: 30_000 }, // exactly at the rule: counts
  { at: '2026-01-05T10:30:00Z', track: 't2', ms: null }, // not measured: the track's 240 s
  { at: '2026-01-05T10:40:00Z', track: 't3', ms: null }, // length unknown: counts, 0 minutes
  { at: '2026-01-05T10:50:00Z', name: 'Four', artist: 'Delta', album: 'Fourth', ms: 60_000 }, // unresolved
];

describe('dashboard figures on a hand-checked day', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(db, ARTISTS, TRACKS);
    await addPlays(db, DAY);
  });
  afterAll(() => db.close());

  it('counts the stored plays that pass the stream rule, with minutes from ms_played or the track length', async () => {
    const d = await loadDashboard(db, q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'));
    // Counted: t1@10:00, t1@10:20, t2, t3, Four = 5; minutes (200+30+240+0+60) s = 8.83.
    expect(d.kpis).toEqual({
      plays: 5,
      minutes: 8.8,
      distinctTracks: 4, // the recording of t1/t1b, t2, t3, Four
      distinctArtists: 4, // Alpha, Beta, Gamma, Delta (by name)
      distinctAlbums: 2, // First, Fourth (t3 has none)
      averageSongLengthMs: 213_333, // (200 + 200 + 240) / 3 s; t3 and Four have no known length
      averageListenMs: 106_000, // 530 s / 5
      activeDays: 1,
      shortPlaysIgnored: 1, // t1@10:10
    });
    expect(d.rule).toEqual({ minStreamMs: 30_000, sessionGapMinutes: 30 });
  });

  it('applies the stream rule at query time', async () => {
    const all = await loadDashboard(
      db,
      q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', { minStreamMs: 0 }),
    );
    expect(all.kpis.plays).toBe(6);
    expect(all.kpis.shortPlaysIgnored).toBe(0);
    const strict = await loadDashboard(
      db,
      q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', { minStreamMs: 60_000 }),
    );
    // t1@10:20 (30 s) drops out; t3 (unknown length) still counts.
    expect(strict.kpis.plays).toBe(4);
    expect(strict.kpis.shortPlaysIgnored).toBe(2);
  });

  it('ranks tops by plays or by minutes, one entry per recording, unresolved plays by their names', async () => {
    const byPlays = await loadDashboard(db, q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'));
    expect(byPlays.topTracks[0]).toEqual({
      trackKey: 't1',
      trackId: 't1',
      name: 'One',
      artistName: 'Alpha',
      albumName: 'First',
      plays: 2,
      minutes: 3.8,
    });
    expect(byPlays.topArtists.map((a) => [a.name, a.artistId, a.plays, a.minutes])).toEqual([
      ['Alpha', 'ar1', 2, 3.8],
      ['Beta', 'ar2', 1, 4],
      ['Delta', null, 1, 1],
      ['Gamma', 'ar3', 1, 0],
    ]);
    const byMinutes = await loadDashboard(
      db,
      q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', { metric: 'minutes' }),
    );
    expect(byMinutes.metric).toBe('minutes');
    expect(byMinutes.topArtists.map((a) => a.name)).toEqual(['Beta', 'Alpha', 'Delta', 'Gamma']);
    expect(byMinutes.topAlbums.map((a) => [a.name, a.albumId, a.plays, a.minutes])).toEqual([
      ['First', 'al1', 3, 7.8], // t1 ×2 (230 s) + t2 (240 s)
      ['Fourth', null, 1, 1],
    ]);
  });

  it('takes genres from the catalog only; the rest are "genres pending", never a genre', async () => {
    const d = await loadDashboard(
      db,
      q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', { metric: 'minutes' }),
    );
    // Pending: Beta (NULL), Gamma (no genres), Delta (unresolved) — 240 + 0 + 60 s, more
    // than any real genre: it would have been the top "genre".
    expect(d.topGenres).toEqual([
      { genre: 'indie', plays: 2, minutes: 3.8 },
      { genre: 'rock', plays: 2, minutes: 3.8 },
    ]);
    expect(d.genresPending).toEqual({ plays: 3, minutes: 5 });
  });

  it('splits sessions at the configured gap', async () => {
    const d = await loadDashboard(db, q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'));
    // Plays start 09:56:40, 10:19:30, 10:26, 10:40, 10:49: no pause of 30 min.
    expect(d.sessions.count).toBe(1);
    expect(d.sessions.longest).toEqual({
      start: '2026-01-05T09:56:40.000Z',
      end: '2026-01-05T10:50:00.000Z',
      localStart: '2026-01-05 09:56',
      plays: 5,
      minutes: 8.8,
    });
    const short = await loadDashboard(
      db,
      q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', { sessionGapMinutes: 15 }),
    );
    // 10:00 → 10:19:30 is a 19.5-minute pause.
    expect(short.sessions.count).toBe(2);
    expect(short.sessions.averageMinutes).toBe(4.4);
    expect(short.sessions.longest?.plays).toBe(4);
  });

  it('places a play in a range by the instant it ended', async () => {
    expect((await loadDashboard(db, q('2026-01-05T10:00:00Z', '2026-01-05T10:05:00Z'))).kpis.plays).toBe(1);
    expect((await loadDashboard(db, q('2026-01-05T10:00:01Z', '2026-01-05T10:05:00Z'))).kpis.plays).toBe(0);
  });

  it('refuses a bad query with a clear message', async () => {
    await expect(loadDashboard(db, q('2026-01-06T00:00:00Z', '2026-01-05T00:00:00Z'))).rejects.toThrow(
      AnalyticsQueryError,
    );
    await expect(
      loadDashboard(db, q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', { timeZone: 'Mars/Olympus' })),
    ).rejects.toThrow(/not an IANA time zone/);
    await expect(
      loadDashboard(db, q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', { minStreamMs: -1 })),
    ).rejects.toThrow(/minStreamMs/);
  });

  it('shows nothing of another user', async () => {
    const d = await loadDashboard(db, q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z', { userId: 'u2' }));
    expect(d.kpis.plays).toBe(0);
    expect(d.topTracks).toEqual([]);
    expect(d.sessions).toEqual({ count: 0, averageMinutes: null, longest: null });
    expect(d.streaks).toEqual({ longest: null, current: null });
  });
});

describe('the dashboard statement', () => {
  it('leaves the connection’s optimizer settings as it found them', async () => {
    const db = await tempStore();
    await db.run("SET disabled_optimizers = 'filter_pullup'");
    await loadDashboard(db, q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'));
    const row = await db.one<{ v: string }>("SELECT current_setting('disabled_optimizers') AS v");
    expect(row?.v).toBe('filter_pullup');
    await db.close();
  });
});
