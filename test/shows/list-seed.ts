/** A small stored world for the shows listing and export tests (no network needed). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import {
  addCreditedPlays,
  addMatch,
  addPicks,
  addShows,
  addSplit,
  addUnresolvedPlays,
  addUser,
} from '../playlists/fixtures.ts';

export const NOW = Date.UTC(2026, 10, 2, 12);
export const USER = 'fan';
export const K = { id: 'K0000000000000000000001', name: 'Khruangbin' };
export const M = { id: 'M0000000000000000000001', name: 'Men I Trust' };
export const P = { id: 'P0000000000000000000001', name: 'Phoenix' };
export const OTHER = { id: 'O0000000000000000000001', name: 'Someone Else' };

export async function openSeededDb(): Promise<{ db: Db; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-shows-'));
  const db = await openStore(join(dir, 'encore.duckdb'));
  await addUser(db, USER);
  await addShows(
    db,
    [
      { id: 'S1', date: '2026-11-10', genre: 'Rock', bill: ['Khruangbin, Men I Trust', 'Opener Nobody'] },
      { id: 'S2', date: '2026-11-11', bill: ['An Evening with Phoenix'] },
      { id: 'S3', date: '2026-11-12', bill: ['Zoso - The Ultimate Led Zeppelin Experience'] },
      { id: 'S4', date: '2026-11-13', status: 'cancelled', bill: ['Phoenix'] },
      { id: 'S5', date: '2026-11-01', bill: ['Khruangbin'] },
      { id: 'S6', date: '2026-11-14', time: '21:30', bill: ['Undecided Band'] },
    ],
    NOW,
  );
  // What the match job would have stored: the co-bill decided part by part, the cleaned
  // "An Evening with Phoenix" under its own billing, Phoenix alone under another.
  await addSplit(db, 'Khruangbin, Men I Trust', [
    ['Khruangbin', K],
    ['Men I Trust', M],
  ]);
  await db.run("UPDATE artist_matches SET method = 'link', score = 1 WHERE performer_key = 'men i trust'");
  await addMatch(db, 'Opener Nobody', null);
  await addMatch(db, 'An Evening with Phoenix', P);
  await addMatch(db, 'Phoenix', P);
  await addMatch(db, 'Zoso - The Ultimate Led Zeppelin Experience', null, { tribute: true });
  // Listening: credited plays, unresolved plays by name, and a same-named play the catalog credits elsewhere.
  await addCreditedPlays(db, USER, { id: 'Ktrack1', name: 'Maria También' }, K, 5);
  await addUnresolvedPlays(db, USER, 'Men I Trust', 'Show Me How', 2);
  await addCreditedPlays(db, USER, { id: 'Ptrack1', name: '1901' }, P, 1);
  await addUnresolvedPlays(db, USER, 'phoenix', 'Lisztomania', 2);
  await addCreditedPlays(db, USER, { id: 'Otrack1', name: 'Not Phoenix' }, OTHER, 4);
  await db.run("UPDATE plays SET artist_name = 'Phoenix' WHERE track_id = 'Otrack1'");
  await db.run("UPDATE artists SET genres = ['electronica', 'french indie'] WHERE artist_id = ?", [P.id]);
  // Picks (and audio features for one track, as the Extended tier would allow).
  await addPicks(db, K.id, [
    { id: 'Kpick1', name: 'Time (You and I)' },
    { id: 'Kpick2', name: 'So We Won’t Forget' },
    { id: 'Kpick3', name: 'White Gloves' },
  ]);
  await addPicks(db, P.id, [
    { id: 'Ppick1', name: 'Lisztomania' },
    { id: 'Ppick2', name: '1901' },
  ]);
  await db.run(
    `INSERT INTO track_features (track_id, danceability, energy, key, loudness, mode, speechiness, acousticness,
       instrumentalness, liveness, valence, tempo, fetched_at)
     VALUES ('Kpick1', 0.71, 0.52, 5, -9.5, 1, 0.03, 0.4, 0.8, 0.1, 0.6, 104.0, now())`,
  );
  return { db, dir };
}
