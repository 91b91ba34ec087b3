import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDefinition } from '../../src/playlists/index.ts';
import { previewPlaylist } from '../../src/playlists/preview.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { addCreditedPlays, addMatch, addPicks, addShows, addUser } from './fixtures.ts';

const NOW = Date.UTC(2026, 10, 2, 12);
const USER = 'fan';
const A = { id: 'A0000000000000000000001', name: 'Alpha Band' };
const B = { id: 'B0000000000000000000001', name: 'Beta Band' };
const clock = new ManualClock(NOW);
let db: Db;

const preview = (input: Parameters<typeof parseDefinition>[0]) =>
  previewPlaylist(db, parseDefinition(input), USER, clock, 'Buffalo, NY');

beforeAll(async () => {
  db = await openStore(join(mkdtempSync(join(tmpdir(), 'encore-preview-')), 'encore.duckdb'));
  await addUser(db, USER);
  await addShows(
    db,
    [
      { id: 'S1', date: '2026-11-10', genre: 'Rock', bill: [A.name] },
      { id: 'S2', date: '2026-11-12', genre: 'Rock', bill: [B.name] },
    ],
    NOW,
  );
  await addMatch(db, A.name, A);
  await addMatch(db, B.name, B);
  await addCreditedPlays(db, USER, { id: 'At', name: 'Known Song' }, A, 3);
}, 30_000);
afterAll(() => db.close());

describe('previewPlaylist', () => {
  it('says no songs are picked yet when matched artists have no picks', async () => {
    const p = await preview({ placeId: 'buffalo-ny' });
    expect(p.tracks).toEqual([]);
    expect(p.empty?.cause).toBe('no-picks');
    expect(p.empty?.message).toContain('2 artists');
  });

  it('tells "only ones I know" from "only new to me" when the audience empties it', async () => {
    await addPicks(db, B.id, [{ id: 'Bp1', name: 'New Song' }]);
    // B is picked but unknown; A is known but has no picks: "known" keeps A only → no picks.
    expect((await preview({ placeId: 'buffalo-ny', onlyKnown: true })).empty?.cause).toBe('no-picks');
    const fresh = await preview({ placeId: 'buffalo-ny', onlyNew: true });
    expect(fresh.tracks.map((t) => t.trackId)).toEqual(['Bp1']);
    await addPicks(db, A.id, [
      { id: 'Ap1', name: 'One' },
      { id: 'Ap2', name: 'Two' },
      { id: 'Ap3', name: 'Three' },
    ]);
    await db.run('DELETE FROM artist_picks WHERE artist_id = ?', [B.id]);
    await addCreditedPlays(db, USER, { id: 'Bt', name: 'Heard' }, B, 1);
    const none = await preview({ placeId: 'buffalo-ny', onlyNew: true });
    expect(none.empty?.cause).toBe('audience');
    expect(none.empty?.message).toContain('Only new to me');
  });

  it('counts what Max tracks cut off', async () => {
    const cut = await preview({ placeId: 'buffalo-ny', maxTracks: 2 });
    expect(cut.tracks.map((t) => t.trackId)).toEqual(['Ap1', 'Ap2']);
    expect([cut.available, cut.cut, cut.empty]).toEqual([3, true, null]);
    const whole = await preview({ placeId: 'buffalo-ny', maxTracks: 3 });
    expect([whole.tracks.length, whole.available, whole.cut]).toEqual([3, 3, false]);
  });
});
