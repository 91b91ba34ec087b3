import type { DuckDBConnection } from '@duckdb/node-api';
import type { Queryable } from '../store/db.ts';

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

// The signature, and whether this connection still has its copy: a copy can vanish without
// this module seeing it (a reopened connection, a rolled-back transaction that replaced it).
const SIGNATURE_SQL = `SELECT concat_ws(':',
  (SELECT count(*) FROM tracks), (SELECT sum(hash(track_id, isrc, duration_ms, album_id)) FROM tracks),
  (SELECT count(*) FROM track_artists), (SELECT sum(hash(track_id, artist_id, position)) FROM track_artists)) AS sig,
  (SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = '${NAME}') > 0 AS present`;

/** The signature each connection's (or query handle's) copy was built for. */
const builtFor = new WeakMap<object, string>();

interface DimRunner {
  one(sql: string): Promise<{ sig?: unknown; present?: unknown } | undefined>;
  run(sql: string): Promise<void>;
}

async function ensureWith(key: object, runner: DimRunner): Promise<void> {
  const row = await runner.one(SIGNATURE_SQL);
  const sig = String(row?.sig ?? '');
  if (row?.present === true && builtFor.get(key) === sig) return;
  builtFor.delete(key);
  await runner.run(`CREATE OR REPLACE TEMP TABLE ${NAME} AS ${DIM_SQL}`);
  builtFor.set(key, sig);
}

/** Makes sure the connection's copy of the dimension matches the catalog (the caller holds `conn`). */
export async function ensureDim(conn: DuckDBConnection): Promise<void> {
  await ensureWith(conn, {
    one: async (sql) =>
      (await conn.runAndReadAll(sql)).getRowObjectsJS()[0] as { sig?: unknown; present?: unknown },
    run: async (sql) => void (await conn.run(sql)),
  });
}

/**
 * The same through a query handle, for read models that query the store directly instead of
 * through runAnalyses (e.g. the per-artist stream counts of the Shows page).
 */
export async function ensureDimVia(db: Queryable): Promise<void> {
  await ensureWith(db, { one: (sql) => db.one(sql), run: (sql) => db.run(sql) });
}
