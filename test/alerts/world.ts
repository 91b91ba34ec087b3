/** A stored world for the alert tests: one fan, shows in Buffalo (one far away), listening. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';
import { addCreditedPlays, addMatch, addShows, addUser } from '../playlists/fixtures.ts';

export const NOW = Date.UTC(2026, 10, 2, 12);
export const USER = 'fan';
export const K = { id: 'K0000000000000000000001', name: 'Khruangbin' };
export const P = { id: 'P0000000000000000000001', name: 'Phoenix' };
export const M = { id: 'M0000000000000000000001', name: 'Men I Trust' };

export async function openAlertWorld(): Promise<{ db: Db; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'encore-alerts-'));
  const db = await openStore(join(dir, 'encore.duckdb'));
  await addUser(db, USER);
  await addShows(
    db,
    [
      { id: 'A1', date: '2026-11-10', bill: ['Khruangbin', 'Opener Nobody'] },
      { id: 'A2', date: '2026-11-11', bill: ['Phoenix'] },
      { id: 'A3', date: '2026-11-12', bill: ['Men I Trust'], venue: 'Far Hall' },
      { id: 'A4', date: '2026-11-13', bill: ['Khruangbin'], status: 'cancelled' },
      { id: 'A0', date: '2026-10-20', bill: ['Khruangbin'] },
    ],
    NOW,
  );
  // Far Hall is in Manhattan, ~290 miles from Buffalo: outside the 50-mile radius.
  await db.run("UPDATE venues SET lat = 40.7128, lon = -74.006 WHERE name = 'Far Hall'");
  await addMatch(db, 'Khruangbin', K);
  await addMatch(db, 'Phoenix', P);
  await addMatch(db, 'Men I Trust', M);
  await addMatch(db, 'Opener Nobody', null);
  // Khruangbin: 12 short plays (12 × 200 s = 40 min). Phoenix: 3 long plays (3 × 30 min = 90 min).
  await addCreditedPlays(db, USER, { id: 'Kt', name: 'Maria También' }, K, 12);
  await addCreditedPlays(db, USER, { id: 'Pt', name: 'Long Mix' }, P, 3);
  await db.run("UPDATE plays SET ms_played = 1800000 WHERE track_id = 'Pt'");
  await addCreditedPlays(db, USER, { id: 'Mt', name: 'Show Me How' }, M, 50);
  return { db, dir };
}
