import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCatalogIfAbsent } from '../../src/store/catalog-rows.ts';
import type { Db } from '../../src/store/db.ts';
import { countPlays, insertPlaysIfAbsent, type NewPlay, playTotalsByUser } from '../../src/store/plays.ts';
import { addCatalog, tempStore } from '../analytics/fixtures.ts';

const play = (userId: string, at: string, extra: Partial<NewPlay> = {}): NewPlay => ({
  userId,
  trackKey: 't1',
  playedAt: new Date(at),
  trackId: 't1',
  kind: 'track',
  trackName: 'One',
  artistName: 'Alpha',
  albumName: 'First',
  msPlayed: 200_000,
  msPlayedSource: 'export',
  source: 'export_extended',
  skipped: false,
  shuffle: false,
  platform: 'demo',
  ...extra,
});

describe('store/plays', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
  });
  afterAll(() => db.close());

  it('adds plays once, keeps a stored one as it is, and counts them per account', async () => {
    await insertPlaysIfAbsent(db, [play('u1', '2026-01-01T10:00:00Z'), play('u1', '2026-01-02T10:00:00Z')]);
    await insertPlaysIfAbsent(db, [
      play('u1', '2026-01-02T10:00:00Z', { msPlayed: 1 }),
      play('u2', '2026-01-03T10:00:00Z', { skipped: true }),
    ]);
    expect([await countPlays(db), await countPlays(db, 'u1'), await countPlays(db, 'nobody')]).toEqual([
      3, 2, 0,
    ]);
    const kept = await db.one<{ ms_played: number; played_at: Date }>(
      "SELECT ms_played, played_at FROM plays WHERE user_id = 'u1' ORDER BY played_at DESC LIMIT 1",
    );
    expect([kept!.ms_played, kept!.played_at.toISOString()]).toEqual([200_000, '2026-01-02T10:00:00.000Z']);
    const totals = (await playTotalsByUser(db)).sort((a, b) => a.userId.localeCompare(b.userId));
    expect(totals).toEqual([
      { userId: 'u1', plays: 2, lastPlayAt: Date.parse('2026-01-02T10:00:00Z') },
      { userId: 'u2', plays: 1, lastPlayAt: Date.parse('2026-01-03T10:00:00Z') },
    ]);
  });

  it('writes catalog rows that are missing, fills unknown genres, and changes nothing else', async () => {
    await addCatalog(db, [{ id: 'ar1', name: 'Alpha (stored)', genres: null }], []);
    const rows = {
      artists: [
        { id: 'ar1', name: 'Alpha', genres: ['indie', 'folk'] },
        { id: 'ar2', name: 'Beta', genres: [] },
      ],
      albums: [{ id: 'al1', name: 'First', albumType: 'album', releaseDate: '2020-01-01' }],
      tracks: [
        {
          id: 't1',
          name: 'One',
          durationMs: 200_000,
          isrc: 'X1',
          albumId: 'al1',
          explicit: false,
          artistIds: ['ar1', 'ar2'],
        },
      ],
    };
    await insertCatalogIfAbsent(db, rows);
    await insertCatalogIfAbsent(db, { ...rows, artists: [{ id: 'ar1', name: 'Alpha', genres: ['pop'] }] });
    expect(
      await db.all('SELECT artist_id, name, genres, genres_source FROM artists ORDER BY artist_id'),
    ).toEqual([
      { artist_id: 'ar1', name: 'Alpha (stored)', genres: ['indie', 'folk'], genres_source: 'spotify' },
      { artist_id: 'ar2', name: 'Beta', genres: null, genres_source: null },
    ]);
    expect(await db.all('SELECT track_id, artist_id, position FROM track_artists ORDER BY position')).toEqual(
      [
        { track_id: 't1', artist_id: 'ar1', position: 0 },
        { track_id: 't1', artist_id: 'ar2', position: 1 },
      ],
    );
    expect(await db.one('SELECT name, duration_ms, isrc, album_id, explicit FROM tracks')).toEqual({
      name: 'One',
      duration_ms: 200_000,
      isrc: 'X1',
      album_id: 'al1',
      explicit: false,
    });
  });
});
