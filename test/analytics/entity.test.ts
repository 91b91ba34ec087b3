import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsQueryError } from '../../src/analytics/index.ts';
import { loadEntityPage } from '../../src/analytics/entity.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, tempStore } from './fixtures.ts';

/**
 * Three months of listening by two users; the expected figures are counted by hand in
 * the comments. "Now" is 2026-03-15 (Europe/Berlin).
 */
const ARTISTS = [
  { id: 'ar1', name: 'Alpha' },
  { id: 'ar2', name: 'Beta' },
  { id: 'ar9', name: 'Never Played' },
];
const TRACKS = [
  { id: 't1', name: 'One', artists: ['ar1'], isrc: 'X1', album: { id: 'al1', name: 'First' } },
  // The same recording again (a single): counts as t1.
  { id: 't1b', name: 'One (single)', artists: ['ar1'], isrc: 'x1', album: { id: 'al2', name: 'Single' } },
  { id: 't2', name: 'Two', artists: ['ar1'], album: { id: 'al1', name: 'First' } },
  { id: 't3', name: 'Three', artists: ['ar2'], album: { id: 'al3', name: 'Third' } },
];
const NOW = Date.parse('2026-03-15T12:00:00Z');
const TZ = 'Europe/Berlin';

describe('artist, album and track read models', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(db, ARTISTS, TRACKS);
    await addPlays(db, [
      // January: Alpha 3 streams (t1 ×2, t2), Beta 1 → Alpha rank 1 of 2.
      // 23:30 UTC on Jan 31 is Feb 1 in Berlin: that play is February's.
      { at: '2026-01-10T10:00:00Z', track: 't1', ms: 200_000 },
      { at: '2026-01-11T10:00:00Z', track: 't1b', ms: 100_000 },
      { at: '2026-01-12T10:00:00Z', track: 't2', ms: 60_000 },
      { at: '2026-01-12T11:00:00Z', track: 't2', ms: 10_000 }, // short: a play, not a stream
      { at: '2026-01-13T10:00:00Z', track: 't3', ms: 120_000 },
      // February (Berlin): Beta 2 streams, Alpha 1 → Alpha rank 2 of 2.
      { at: '2026-01-31T23:30:00Z', track: 't3', ms: 120_000 },
      { at: '2026-02-10T10:00:00Z', track: 't3', ms: 120_000 },
      { at: '2026-02-11T10:00:00Z', track: 't1', ms: 180_000 },
      // March: nothing by Alpha. A name-only play of an unresolved artist.
      { at: '2026-03-01T10:00:00Z', name: 'Four', artist: 'Délta', album: 'Fourth', ms: 90_000 },
      { at: '2026-03-02T10:00:00Z', name: 'Four', artist: 'Délta', album: 'Fourth', ms: 90_000 },
    ]);
    // Another account's plays never show up on u1's pages.
    await addPlays(db, [{ at: '2026-02-20T10:00:00Z', track: 't1', ms: 200_000 }], 'u2');
  });
  afterAll(() => db.close());

  const load = (kind: 'artist' | 'album' | 'track', id: string, user = 'u1') =>
    loadEntityPage(db, { userId: user, timeZone: TZ, kind, id, now: NOW });

  it('sums an artist over its history, with monthly minutes and rank', async () => {
    const page = (await load('artist', 'ar1'))!;
    expect(page.name).toBe('Alpha');
    expect(page.summary).toMatchObject({ plays: 5, streams: 4, minutes: 9 }); // 540 s of streams
    expect(page.summary.firstLocal).toBe('2026-01-10 11:00');
    expect(page.summary.lastLocal).toBe('2026-02-11 11:00');
    expect(page.months).toEqual([
      { month: '2026-01', plays: 3, minutes: 6, rank: 1, of: 2 },
      { month: '2026-02', plays: 1, minutes: 3, rank: 2, of: 2 },
      { month: '2026-03', plays: 0, minutes: 0, rank: null, of: null },
    ]);
    // Both releases of One add up; Two's short play is not a stream.
    expect(page.topTracks.map((t) => [t.name, t.trackKey, t.plays])).toEqual([
      ['One', 't1', 3],
      ['Two', 't2', 1],
    ]);
    expect(page.albums.map((a) => [a.albumId, a.plays])).toEqual([
      ['al1', 3],
      ['al2', 1],
    ]);
  });

  it('finds a track by a second release id and counts it as its recording', async () => {
    const byRelease = (await load('track', 't1b'))!;
    const byRecording = (await load('track', 't1'))!;
    expect(byRelease.summary).toEqual(byRecording.summary);
    expect(byRecording.summary).toMatchObject({ plays: 3, streams: 3, minutes: 8 });
    expect(byRecording.identity).toMatchObject({ artistId: 'ar1', artistName: 'Alpha' });
    expect(byRecording.months.map((m) => [m.month, m.plays, m.rank])).toEqual([
      ['2026-01', 2, 1],
      ['2026-02', 1, 2],
      ['2026-03', 0, null],
    ]);
  });

  it('shows an album with its tracks', async () => {
    const page = (await load('album', 'al1'))!;
    expect(page.name).toBe('First');
    expect(page.summary).toMatchObject({ plays: 4, streams: 3 }); // t1 ×2, t2 and its short play
    expect(page.topTracks.map((t) => t.name)).toEqual(['One', 'Two']);
  });

  it('finds artists and albums known by name only, in any case and spacing', async () => {
    const artist = (await load('artist', 'name:  DÉLTA '))!;
    expect(artist.name).toBe('Délta');
    expect(artist.summary.streams).toBe(2);
    expect(artist.months.map((m) => [m.month, m.plays, m.rank, m.of])).toEqual([['2026-03', 2, 1, 1]]);
    const album = (await load('album', 'name:Fourth|Délta'))!;
    expect(album.summary.streams).toBe(2);
    const track = (await load('track', 'name:four|délta'))!;
    expect(track.identity).toMatchObject({ trackName: 'Four', artistId: null, playArtist: 'Délta' });
  });

  it('keeps each account to its own plays', async () => {
    const other = (await load('track', 't1', 'u2'))!;
    expect(other.summary.streams).toBe(1);
    expect(other.months.map((m) => m.month)).toEqual(['2026-02', '2026-03']);
  });

  it('gives a catalog artist never played an empty page and an unknown id none', async () => {
    const never = (await load('artist', 'ar9'))!;
    expect(never.name).toBe('Never Played');
    expect(never.summary).toMatchObject({ plays: 0, streams: 0, firstPlayedAt: null });
    expect(never.months).toEqual([]);
    expect(await load('artist', 'nobody')).toBeNull();
    expect(await load('album', "x' OR 1=1 --")).toBeNull();
  });

  it('rejects ids and kinds that cannot be stored ones', async () => {
    await expect(load('artist', '   ')).rejects.toThrow(AnalyticsQueryError);
    await expect(load('artist', 'a'.repeat(601))).rejects.toThrow('too long');
    await expect(load('artist', 'a\u0000b')).rejects.toThrow('control characters');
    await expect(load('genre' as 'artist', 'x')).rejects.toThrow('Unknown kind "genre"');
  });
});
