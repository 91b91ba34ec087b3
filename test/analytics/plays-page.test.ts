import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPlays } from '../../src/analytics/index.ts';
import { latestPlays } from '../../src/analytics/plays-page.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, tempStore } from './fixtures.ts';

describe('the history page: every stored play, paged and searchable, with its source', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(
      db,
      [{ id: 'ar1', name: 'Sigur Rós', genres: null }],
      [{ id: 't1', name: 'Hoppípolla', artists: ['ar1'], album: { id: 'al1', name: 'Takk...' } }],
    );
    await addPlays(db, [
      { at: '2026-01-01T10:00:00Z', track: 't1', artist: 'Sigur Rós', source: 'export_extended' },
      { at: '2026-01-02T10:00:00Z', track: 't1', artist: 'Sigur Rós', ms: 5_000 },
      { at: '2026-01-03T23:30:00Z', name: '100% Pure', artist: 'Some_One', source: 'export_account' },
      { at: '2026-01-04T10:00:00Z', track: 't1', artist: 'Sigur Rós', user: 'u2' },
    ]);
  });
  afterAll(() => db.close());

  it('lists the user’s plays newest first, short ones included, with live / export origin', async () => {
    const page = await listPlays(db, { userId: 'u1', page: 1, pageSize: 10, timeZone: 'Europe/Berlin' });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => [r.localTime, r.trackName, r.source, r.origin])).toEqual([
      ['2026-01-04 00:30', '100% Pure', 'export_account', 'export'],
      ['2026-01-02 11:00', 'Hoppípolla', 'recently_played', 'live'],
      ['2026-01-01 11:00', 'Hoppípolla', 'export_extended', 'export'],
    ]);
    expect(page.rows[1]).toMatchObject({
      playedAt: '2026-01-02T10:00:00.000Z',
      trackId: 't1',
      albumName: 'Takk...',
      msPlayed: 5_000,
    });
  });

  it('pages', async () => {
    const second = await listPlays(db, { userId: 'u1', page: 2, pageSize: 2, timeZone: 'UTC' });
    expect(second.total).toBe(3);
    expect(second.rows.map((r) => r.playedAt)).toEqual(['2026-01-01T10:00:00.000Z']);
  });

  it('searches names case-insensitively, every word, with % and _ taken literally', async () => {
    const hits = async (search: string) =>
      (await listPlays(db, { userId: 'u1', search, page: 1, pageSize: 10, timeZone: 'UTC' })).total;
    expect(await hits('hoppí')).toBe(2);
    expect(await hits('sigur takk')).toBe(2); // artist and album words
    expect(await hits('sigur pure')).toBe(0);
    expect(await hits('100%')).toBe(1);
    expect(await hits('%')).toBe(1);
    expect(await hits('some_one')).toBe(1);
    expect(await hits('some_')).toBe(1);
    expect(await hits('e_o')).toBe(1);
    expect(await hits('o_o')).toBe(0); // "_" is not a wildcard
  });

  it('refuses silly paging', async () => {
    await expect(listPlays(db, { userId: 'u1', page: 0, pageSize: 10, timeZone: 'UTC' })).rejects.toThrow(
      /page/,
    );
    await expect(listPlays(db, { userId: 'u1', page: 1, pageSize: 5000, timeZone: 'UTC' })).rejects.toThrow(
      /pageSize/,
    );
  });
});

describe('encore plays: the newest plays, any number of them', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    // 1,100 plays a minute apart, the newest at 2026-01-01 18:19 UTC; one of another account.
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_name, artist_name, ms_played, source)
       SELECT 'u1', 'name:song ' || i, TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_minutes(i), 'Song ' || i, 'A', 60000,
         'recently_played'
       FROM range(1100) t(i)`,
    );
    await addPlays(db, [{ at: '2026-02-01T00:00:00Z', name: 'Other', artist: 'B', user: 'u2' }]);
  });
  afterAll(() => db.close());

  it('reads past one page of the history page, newest first, each play once', async () => {
    const rows = await latestPlays(db, { userId: 'u1', timeZone: 'UTC', limit: 1001 });
    expect(rows).toHaveLength(1001);
    expect(rows[0]!.trackName).toBe('Song 1099');
    expect(rows.at(-1)!.trackName).toBe('Song 99');
    expect(new Set(rows.map((r) => r.trackKey)).size).toBe(1001);
    expect((await latestPlays(db, { userId: 'u1', timeZone: 'UTC', limit: 5000 })).length).toBe(1100);
  });

  it('keeps to --since', async () => {
    const since = Date.parse('2026-01-01T18:10:00Z');
    const rows = await latestPlays(db, { userId: 'u1', timeZone: 'UTC', since, limit: 50 });
    expect(rows.map((r) => r.playedAt)).toEqual(
      Array.from({ length: 10 }, (_, i) =>
        new Date(Date.parse('2026-01-01T18:19:00Z') - i * 60_000).toISOString(),
      ),
    );
  });
});
