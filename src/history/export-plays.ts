import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Db, sqlLiteral } from '../store/db.ts';

/**
 * Gets a user's plays out again, in a form encore (and other tools) can read back:
 * - csv / parquet / jsonl: the plays columns as stored (end of play as ISO-8601 UTC with
 *   milliseconds in text formats, TIMESTAMPTZ in Parquet);
 * - listenbrainz: ListenBrainz's JSON listen format, one listen per line like their own
 *   export: `listened_at` (Unix s), `track_metadata` {artist_name, track_name,
 *   release_name, additional_info {spotify_id, origin_url, music_service, duration_ms,
 *   submission_client: 'encore', encore_* = the stored columns}}. The `encore_*` keys
 *   make the file restore exactly the same plays when imported into encore.
 * DuckDB writes every format itself (COPY), so a million plays take well under a second.
 */

export type ExportFormat = 'csv' | 'parquet' | 'jsonl' | 'listenbrainz';
export const EXPORT_FORMATS: ExportFormat[] = ['csv', 'parquet', 'jsonl', 'listenbrainz'];

export interface ExportPlaysOptions {
  db: Db;
  userId: string;
  format: ExportFormat;
  /** The file to write (replaced if it exists). */
  out: string;
}

export interface ExportResult {
  path: string;
  rows: number;
}

export function defaultExportName(userId: string, format: ExportFormat): string {
  const safe = userId.replace(/[^A-Za-z0-9_.-]/g, '_');
  const ext = format === 'listenbrainz' ? 'listenbrainz.jsonl' : format;
  return `encore-plays-${safe}.${ext}`;
}

export async function exportPlays(options: ExportPlaysOptions): Promise<ExportResult> {
  const { db, userId, format } = options;
  const path = resolve(options.out);
  mkdirSync(dirname(path), { recursive: true });
  const query = format === 'listenbrainz' ? listensSql(userId) : playsSql(userId, format === 'parquet');
  const copyOptions =
    format === 'csv' ? 'FORMAT csv, HEADER' : format === 'parquet' ? 'FORMAT parquet' : 'FORMAT json';
  await db.run(`COPY (${query}) TO ${sqlLiteral(path)} (${copyOptions})`);
  const count = await db.one<{ n: number }>('SELECT count(*) AS n FROM plays WHERE user_id = ?', [userId]);
  return { path, rows: count?.n ?? 0 };
}

/** COPY takes no bound parameters: values are quoted as SQL string literals. */

const ISO_MS = `strftime(p.played_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ')`;

function playsSql(userId: string, native: boolean): string {
  return `SELECT p.user_id, ${native ? 'p.played_at' : `${ISO_MS} AS played_at`}, p.track_key, p.track_id, p.kind,
      p.track_name, p.artist_name, p.album_name, p.ms_played, p.ms_played_source, p.context_uri, p.source,
      p.skipped, p.shuffle, p.platform
    FROM plays p WHERE p.user_id = ${sqlLiteral(userId)}
    ORDER BY p.played_at, p.track_key`;
}

function listensSql(userId: string): string {
  const url = `CASE WHEN p.track_id IS NOT NULL THEN 'https://open.spotify.com/track/' || p.track_id
      WHEN p.track_key LIKE 'episode:%' THEN 'https://open.spotify.com/episode/' || substr(p.track_key, 9) END`;
  return `SELECT epoch_ms(p.played_at) // 1000 AS listened_at,
      struct_pack(
        artist_name := COALESCE(p.artist_name, ''),
        track_name := COALESCE(p.track_name, ''),
        release_name := p.album_name,
        additional_info := struct_pack(
          submission_client := 'encore',
          music_service := 'spotify.com',
          spotify_id := ${url},
          origin_url := ${url},
          duration_ms := t.duration_ms,
          encore_played_at := ${ISO_MS},
          encore_track_key := p.track_key,
          encore_track_id := p.track_id,
          encore_kind := p.kind,
          encore_ms_played := p.ms_played,
          encore_ms_played_source := p.ms_played_source,
          encore_source := p.source,
          encore_context_uri := p.context_uri,
          encore_skipped := p.skipped,
          encore_shuffle := p.shuffle,
          encore_platform := p.platform
        )
      ) AS track_metadata
    FROM plays p LEFT JOIN tracks t ON t.track_id = p.track_id
    WHERE p.user_id = ${sqlLiteral(userId)}
    ORDER BY p.played_at, p.track_key`;
}
