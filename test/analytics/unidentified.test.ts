import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDashboard, loadYearInReview } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, q, tempStore } from './fixtures.ts';

/**
 * Unidentified listening as the extended-history importer stores it: kind 'unidentified',
 * no track id, no track name, real ms_played — sometimes still an artist or album name.
 * Shaped like the rows Spotify writes (every master_metadata_* and URI null).
 */
async function addUnidentified(
  db: Db,
  rows: { at: string; ms: number; artist?: string; album?: string }[],
): Promise<void> {
  for (const r of rows)
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, kind, artist_name, album_name, ms_played, ms_played_source, source)
       VALUES ('u1', 'unidentified', ?::TIMESTAMPTZ, 'unidentified', ?, ?, ?, 'export', 'export_extended')`,
      [r.at, r.artist ?? null, r.album ?? null, r.ms],
    );
}

describe('unidentified listening', () => {
  let db: Db;
  beforeAll(async () => {
    db = await tempStore();
    await addCatalog(
      db,
      [{ id: 'ar1', name: 'Alpha', genres: ['indie'] }],
      [{ id: 't1', name: 'One', artists: ['ar1'], album: { id: 'al1', name: 'First' } }],
    );
    await addPlays(db, [
      { at: '2026-01-05T10:00:00Z', track: 't1', ms: 180_000 },
      { at: '2026-01-05T10:10:00Z', track: 't1', ms: 180_000 },
    ]);
    await addUnidentified(db, [
      { at: '2026-01-05T10:30:00Z', ms: 600_000, artist: 'Alpha', album: 'First' }, // names an artist only
      { at: '2026-01-05T10:45:00Z', ms: 120_000 },
      { at: '2026-01-05T10:50:00Z', ms: 10_000 }, // below the stream rule
      { at: '2026-01-06T09:00:00Z', ms: 300_000 }, // the only listening of the 6th
    ]);
    // A podcast episode is not music listening at all: in no figure.
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, kind, track_name, ms_played, source)
       VALUES ('u1', 'episode:e1', '2026-01-05T12:00:00Z'::TIMESTAMPTZ, 'episode', 'A talk', 3600000, 'export_extended')`,
    );
  });
  afterAll(() => db.close());

  const range = () => q('2026-01-05T00:00:00Z', '2026-01-07T00:00:00Z');

  it('counts in total minutes, plays and the time chart', async () => {
    const d = await loadDashboard(db, range(), { bucket: 'day' });
    // Counted: t1 ×2 (6 min) + unidentified 10 + 2 + 5 min; the 10 s row is a short play.
    expect(d.kpis.plays).toBe(5);
    expect(d.kpis.minutes).toBe(23);
    expect(d.kpis.shortPlaysIgnored).toBe(1);
    expect(d.kpis.activeDays).toBe(2);
    expect(d.overTime).toEqual([
      { start: '2026-01-05', plays: 4, minutes: 18 },
      { start: '2026-01-06', plays: 1, minutes: 5 },
    ]);
    const cell = d.heatmap.find((c) => c.weekday === 2 && c.hour === 9); // Tuesday 09:00 UTC
    expect(cell).toEqual({ weekday: 2, hour: 9, plays: 1, minutes: 5 });
  });

  it('is in no top list, distinct count, discovery or genre figure', async () => {
    const d = await loadDashboard(db, range(), { bucket: 'day' });
    expect(d.kpis.distinctTracks).toBe(1);
    expect(d.kpis.distinctArtists).toBe(1);
    expect(d.kpis.distinctAlbums).toBe(1);
    expect(d.topTracks.map((t) => [t.trackKey, t.plays, t.minutes])).toEqual([['t1', 2, 6]]);
    // The row naming Alpha does not add to Alpha: no track, so no credit.
    expect(d.topArtists.map((a) => [a.name, a.plays, a.minutes])).toEqual([['Alpha', 2, 6]]);
    expect(d.topAlbums.map((a) => [a.name, a.plays])).toEqual([['First', 2]]);
    expect(d.topGenres).toEqual([{ genre: 'indie', plays: 2, minutes: 6 }]);
    expect(d.genresPending).toEqual({ plays: 0, minutes: 0 });
    expect(d.discoveries.newTracks).toBe(1);
    expect(d.discoveries.newArtists).toBe(1);
  });

  it('counts in the year in review minutes but not its tops', async () => {
    const r = await loadYearInReview(db, range());
    expect(r.minutes).toBe(23);
    expect(r.plays).toBe(5);
    expect(r.distinctArtists).toBe(1);
    expect(r.topArtists.map((a) => a.name)).toEqual(['Alpha']);
    expect(r.newArtists.count).toBe(1);
  });
});
