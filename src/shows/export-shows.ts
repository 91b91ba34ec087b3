/**
 * `encore shows export`: the original design's weekly dataset — one row per upcoming
 * event × performer × picked track — as CSV or Parquet, written by DuckDB's COPY.
 * A performer without a match or without picks still gets one row (track columns
 * empty), so unmatched names are visible in the file. Column order is stable and
 * documented in the README; append new columns at the end only.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Db, sqlLiteral } from '../store/db.ts';
import { loadMatches, resolveBilling } from './billing-matches.ts';
import { dateQuery, queryEvents } from './list-shows.ts';
import { FEATURE_FIELDS } from '../store/matches.ts';

import type { ShowsExportFormat } from './export-formats.ts';

export { SHOWS_EXPORT_FORMATS, type ShowsExportFormat } from './export-formats.ts';

/** The file's columns, in order. */
export const SHOWS_EXPORT_COLUMNS = [
  'event_id',
  'event_name',
  'event_status',
  'event_url',
  'date_utc',
  'date_local',
  'time_local',
  'time_zone',
  'venue',
  'city',
  'state',
  'country',
  'performer',
  'performer_position',
  'headliner',
  'matched_name',
  'spotify_artist_id',
  'spotify_artist_name',
  'match_method',
  'match_score',
  'track_rank',
  'track_id',
  'track_name',
  'pick_source',
  ...FEATURE_FIELDS,
] as const;

export interface ExportShowsOptions {
  db: Db;
  format: ShowsExportFormat;
  out: string;
  now: Date;
  placeId?: string;
  /** Venue-local days, inclusive (default: from now on). */
  fromDay?: Date;
  toDay?: Date;
}

export interface ExportShowsResult {
  path: string;
  rows: number;
  events: number;
}

interface PerformerRow {
  event_key: string;
  position: number;
  part: number;
  matched_name: string | null;
  performer_key: string | null;
}

/** Writes the dataset; the file is replaced if it exists. */
export async function exportShows(options: ExportShowsOptions): Promise<ExportShowsResult> {
  const { db, format } = options;
  const path = resolve(options.out);
  mkdirSync(dirname(path), { recursive: true });
  const events = await queryEvents(db, {
    ...(options.placeId ? { placeId: options.placeId } : {}),
    ...dateQuery({ from: options.fromDay, to: options.toDay }, options.now.getTime()),
  });
  const decisions = await loadMatches(
    db,
    events.flatMap((e) => e.performers.map((p) => p.name)),
  );
  const performers: PerformerRow[] = events.flatMap((e) =>
    e.performers.flatMap((p): PerformerRow[] => {
      const resolved = resolveBilling(p.name, decisions);
      // A billing with no name to match ("", "???") still gets its row.
      if (resolved.length === 0)
        return [{ event_key: e.key, position: p.order, part: 0, matched_name: null, performer_key: null }];
      return resolved.map((a, part) => ({
        event_key: e.key,
        position: p.order,
        part,
        matched_name: a.name,
        performer_key: a.key,
      }));
    }),
  );
  // COPY takes no bound parameters: the resolved bill goes into a temporary table first.
  const table = `shows_export_${randomUUID().replace(/-/g, '')}`;
  await db.run(
    `CREATE TEMP TABLE ${table} AS SELECT r.event_key, r.position, r.part, r.matched_name, r.performer_key
     FROM (SELECT unnest(from_json(?, '[{"event_key":"VARCHAR","position":"INTEGER","part":"INTEGER","matched_name":"VARCHAR","performer_key":"VARCHAR"}]')) AS r)`,
    [JSON.stringify(performers)],
  );
  try {
    const query = exportSql(table, format === 'parquet');
    const count = await db.one<{ n: number }>(`SELECT count(*) AS n FROM (${query})`);
    const copyOptions = format === 'csv' ? 'FORMAT csv, HEADER' : 'FORMAT parquet';
    await db.run(`COPY (${query}) TO ${sqlLiteral(path)} (${copyOptions})`);
    return { path, rows: Number(count?.n ?? 0), events: events.length };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

function exportSql(table: string, native: boolean): string {
  const dateUtc = native ? 'e.start_utc' : `strftime(e.start_utc AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ')`;
  const dateLocal = native ? 'e.local_date' : `strftime(e.local_date, '%Y-%m-%d')`;
  return `SELECT
      e.event_key AS event_id, e.name AS event_name, e.status AS event_status, e.url AS event_url,
      ${dateUtc} AS date_utc, ${dateLocal} AS date_local, e.local_time AS time_local, e.time_zone,
      v.name AS venue, v.city, v.state_code AS state, v.country_code AS country,
      ep.name AS performer, ep.position AS performer_position, ep.headliner,
      b.matched_name, m.artist_id AS spotify_artist_id, m.artist_name AS spotify_artist_name,
      m.method AS match_method, m.score AS match_score,
      k.rank AS track_rank, k.track_id, COALESCE(k.track_name, t.name) AS track_name, k.source AS pick_source,
      f.danceability, f.energy, f.key, f.loudness, f.mode, f.speechiness, f.acousticness,
      f.instrumentalness, f.liveness, f.valence, f.tempo
    FROM event_performers ep
    JOIN events e ON e.event_key = ep.event_key
    JOIN venues v ON v.venue_key = e.venue_key
    JOIN ${table} b ON b.event_key = ep.event_key AND b.position = ep.position
    LEFT JOIN artist_matches m ON m.performer_key = b.performer_key
    LEFT JOIN artist_picks k ON k.artist_id = m.artist_id
    LEFT JOIN tracks t ON t.track_id = k.track_id
    LEFT JOIN track_features f ON f.track_id = k.track_id
    ORDER BY e.local_date, e.local_time NULLS LAST, e.event_key, ep.position, b.part, k.rank`;
}
