import { afterEach, describe, expect, it } from 'vitest';
import { loadDashboard } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { addCatalog, addPlays, q, tempStore } from './fixtures.ts';

/**
 * The catalog dimension is kept per connection between statements (dim-cache.ts): every
 * change to tracks or track_artists must show in the next dashboard, whichever way it was
 * written — also a plain UPDATE that leaves updated_at alone.
 */
const RANGE = q('2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z');
const open: Db[] = [];

async function store(): Promise<Db> {
  const db = await tempStore();
  open.push(db);
  await addCatalog(
    db,
    [
      { id: 'ar1', name: 'Alpha' },
      { id: 'ar2', name: 'Beta' },
    ],
    [
      { id: 't1', name: 'One', artists: ['ar1'], durationMs: 200_000 },
      { id: 't2', name: 'One (single)', artists: ['ar1'], durationMs: 200_000 },
    ],
  );
  await addPlays(db, [
    { at: '2026-01-05T10:00:00Z', track: 't1' },
    { at: '2026-01-05T10:10:00Z', track: 't2', ms: null },
  ]);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

describe('the catalog dimension between dashboards', () => {
  it('sees two releases become one recording when their ISRCs are set by a plain UPDATE', async () => {
    const db = await store();
    expect((await loadDashboard(db, RANGE)).topTracks.map((t) => t.plays)).toEqual([1, 1]);
    await db.run("UPDATE tracks SET isrc = 'SAME1' WHERE track_id IN ('t1', 't2')");
    const after = await loadDashboard(db, RANGE);
    expect(after.topTracks.map((t) => [t.trackKey, t.plays])).toEqual([['t1', 2]]);
    expect(after.kpis.distinctTracks).toBe(1);
  });

  it('sees a new length of a track whose play was not measured', async () => {
    const db = await store();
    expect((await loadDashboard(db, RANGE)).kpis.minutes).toBe(6.3); // 180 s + 200 s = 6.33 min
    await db.run("UPDATE tracks SET duration_ms = 20000 WHERE track_id = 't2'");
    const after = await loadDashboard(db, RANGE);
    // 20 s is below the stream rule now: one play of 180 s counts.
    expect([after.kpis.plays, after.kpis.minutes, after.kpis.shortPlaysIgnored]).toEqual([1, 3, 1]);
  });

  it('sees a change of primary artist', async () => {
    const db = await store();
    expect((await loadDashboard(db, RANGE)).topArtists.map((a) => a.name)).toEqual(['Alpha']);
    await db.run("UPDATE track_artists SET artist_id = 'ar2' WHERE track_id = 't2'");
    const after = await loadDashboard(db, RANGE);
    expect(after.topArtists.map((a) => [a.name, a.plays]).sort()).toEqual([
      ['Alpha', 1],
      ['Beta', 1],
    ]);
  });

  it('keeps one copy per database: two stores in one process answer from their own catalog', async () => {
    const a = await store();
    const b = await store();
    await b.run("UPDATE tracks SET isrc = 'SAME1' WHERE track_id IN ('t1', 't2')");
    expect((await loadDashboard(a, RANGE)).topTracks).toHaveLength(2);
    expect((await loadDashboard(b, RANGE)).topTracks).toHaveLength(1);
    expect((await loadDashboard(a, RANGE)).topTracks).toHaveLength(2);
  });
});
