// Reads from the local store what the warehouse has not seen yet: plays inserted after the high-water
// mark, and the catalog rows (tracks, artists, users) those plays need and earlier ones did not.
import type { Queryable } from '../store/db.ts';
import { readState, writeState } from '../store/sync-state.ts';

export type WarehouseRow = { insertId: string; json: Record<string, unknown> };
export type PendingRows = {
  plays: (WarehouseRow & { insertedUs: number })[];
  catalog: Record<string, WarehouseRow[]>;
};

const HWM_KEY = 'warehouse:bigquery';
/** The high-water mark: plays.inserted_at (epoch µs) of the last play the warehouse accepted. */
export type WarehouseMark = { insertedUs: number };

export async function readMark(db: Queryable): Promise<WarehouseMark> {
  return (await readState<WarehouseMark>(db, HWM_KEY)) ?? { insertedUs: -1 };
}
export function writeMark(db: Queryable, mark: WarehouseMark): Promise<void> {
  return writeState(db, HWM_KEY, mark);
}

const iso = (v: unknown) =>
  v instanceof Date ? v.toISOString() : v == null ? null : new Date(String(v)).toISOString();

export async function pendingRows(db: Queryable, mark: WarehouseMark, limit: number): Promise<PendingRows> {
  const plays = await db.all<Record<string, unknown>>(
    `SELECT user_id, track_key, played_at, track_id, kind, track_name, artist_name, album_name, ms_played,
            ms_played_source, context_uri, source, skipped, shuffle, platform, epoch_us(inserted_at) AS inserted_us
     FROM plays WHERE epoch_us(inserted_at) > ? ORDER BY inserted_at, user_id, played_at LIMIT ?`,
    [mark.insertedUs, limit],
  );
  const rows = plays.map((p) => {
    const { inserted_us, ...rest } = p;
    const json = { ...rest, played_at: iso(p.played_at) };
    // The play's natural key is its insertId: a re-send after a crash or a retry is the same row.
    return {
      insertId: `${p.user_id}|${p.track_key}|${json.played_at}`,
      json,
      insertedUs: Number(inserted_us),
    };
  });
  return { plays: rows, catalog: rows.length ? await catalogRows(db, mark) : {} };
}

// Catalog rows first needed by plays after the mark (not by any play before it).
async function catalogRows(db: Queryable, mark: WarehouseMark): Promise<Record<string, WarehouseRow[]>> {
  const newTracks = `SELECT DISTINCT track_id FROM plays WHERE track_id IS NOT NULL AND epoch_us(inserted_at) > ${Number(mark.insertedUs)}
    EXCEPT SELECT DISTINCT track_id FROM plays WHERE track_id IS NOT NULL AND epoch_us(inserted_at) <= ${Number(mark.insertedUs)}`;
  const tracks = await db.all<Record<string, unknown>>(
    `SELECT t.track_id, t.name, t.duration_ms, t.album_id,
            (SELECT arg_min(artist_id, position) FROM track_artists ta WHERE ta.track_id = t.track_id) AS primary_artist_id
     FROM tracks t WHERE t.track_id IN (${newTracks}) ORDER BY t.track_id`,
  );
  const artists = await db.all<Record<string, unknown>>(
    `SELECT a.artist_id, a.name, array_to_string(a.genres, '|') AS genres FROM artists a
     WHERE a.artist_id IN (SELECT artist_id FROM track_artists WHERE track_id IN (${newTracks})) ORDER BY a.artist_id`,
  );
  const users = await db.all<Record<string, unknown>>(
    `SELECT user_id, time_zone FROM users WHERE user_id IN
       (SELECT DISTINCT user_id FROM plays WHERE epoch_us(inserted_at) > ${Number(mark.insertedUs)}) ORDER BY user_id`,
  );
  return {
    tracks: tracks.map((t) => ({ insertId: `track|${t.track_id}`, json: t })),
    artists: artists.map((a) => ({ insertId: `artist|${a.artist_id}`, json: a })),
    users: users.map((u) => ({ insertId: `user|${u.user_id}|${u.time_zone ?? ''}`, json: u })),
  };
}
