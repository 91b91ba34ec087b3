import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The catalog dimension every analysis joins plays to: one row per catalog track with its
 * recording (`track_recordings`, one per ISRC), duration, album and primary artist (the
 * first credited, like plays.artist_name), and their integer keys tk / alk / ak.
 *
 * Why a TEMP table: computing it (an ISRC window and a primary-artist aggregate over the
 * whole catalog) and hashing it for each join was the largest fixed cost of a dashboard
 * (~40 ms CPU of ~250 for a week's range on 30,000 tracks), and the catalog rarely changes
 * between two requests. The copy lives in the connection (never in the database file) and
 * is rebuilt whenever a content signature of `tracks` and `track_artists` differs from the
 * one it was built for — any write to either, by any code path, is seen, whatever it does
 * to `updated_at`. The signature costs a scan of four narrow columns.
 */
const NAME = 'encore_analytics_dim';
/** Qualified, so that no table of the database file can shadow it. */
export const DIM_TABLE = `temp.main.${NAME}`;

const DIM_SQL = `SELECT t.track_id, coalesce(r.recording_id, t.track_id) AS recording_id,
       hash(coalesce(r.recording_id, t.track_id)) AS tk,
       t.duration_ms, t.album_id, CASE WHEN t.album_id IS NOT NULL THEN hash(t.album_id) END AS alk,
       pa.artist_id, CASE WHEN pa.artist_id IS NOT NULL THEN hash(pa.artist_id) END AS ak
FROM tracks t
LEFT JOIN track_recordings r ON r.track_id = t.track_id
LEFT JOIN (SELECT track_id, arg_min(artist_id, position) AS artist_id FROM track_artists GROUP BY track_id) pa
  ON pa.track_id = t.track_id`;

const SIGNATURE_SQL = `SELECT concat_ws(':',
  (SELECT count(*) FROM tracks), (SELECT sum(hash(track_id, isrc, duration_ms, album_id)) FROM tracks),
  (SELECT count(*) FROM track_artists), (SELECT sum(hash(track_id, artist_id, position)) FROM track_artists)) AS sig`;

/** The signature each connection's copy was built for. */
const builtFor = new WeakMap<DuckDBConnection, string>();

/** Makes sure the connection's copy of the dimension matches the catalog (the caller holds `conn`). */
export async function ensureDim(conn: DuckDBConnection): Promise<void> {
  const sig = String((await conn.runAndReadAll(SIGNATURE_SQL)).getRowObjectsJS()[0]?.sig ?? '');
  if (builtFor.get(conn) === sig) return;
  builtFor.delete(conn);
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${NAME} AS ${DIM_SQL}`);
  builtFor.set(conn, sig);
}
