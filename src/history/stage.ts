import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { BadLine } from './decode.ts';
import type { RowReader } from './detect.ts';
import type { PlayKind, RowReject, StagedPlay } from './types.ts';

/**
 * Staging: the rows of one file go through the format reader and into a TEMP table with
 * DuckDB's Appender (no SQL per row); the reconciliation then works on the whole file in
 * set-based SQL. The staging table lives only on this connection and only for this run:
 * a crash loses it, and nothing in `plays` depends on it until the file's transaction.
 */

export function createStageSql(table: string): string {
  return `CREATE OR REPLACE TEMP TABLE ${table} (
    ord INTEGER, track_key VARCHAR, played_ms DOUBLE, track_id VARCHAR, kind VARCHAR,
    track_name VARCHAR, artist_name VARCHAR, album_name VARCHAR, ms_played INTEGER,
    ms_played_source VARCHAR, context_uri VARCHAR, source VARCHAR,
    skipped BOOLEAN, shuffle BOOLEAN, platform VARCHAR)`;
}

/** What one file's rows came to. */
export interface FileTally {
  rowsRead: number;
  staged: number;
  rejected: number;
  video: number;
  kinds: Record<PlayKind, number>;
  /** The first `keep` rejects (all are counted in `rejected`). */
  rejects: RowReject[];
}

export function emptyTally(): FileTally {
  return {
    rowsRead: 0,
    staged: 0,
    rejected: 0,
    video: 0,
    kinds: { track: 0, episode: 0, audiobook: 0 },
    rejects: [],
  };
}

export interface StageBatch {
  label: string;
  /** The records, read one at a time (see decode.ts). */
  count: number;
  get(i: number): unknown;
  /** Index of record 0 within the file (Parquet is read in pages). */
  offset: number;
  position(i: number): number;
  read: RowReader;
  nowMs: number;
  /** How many rejects to keep in the tally's list. */
  keep: number;
  /** Called every few thousand rows with the number of records handled so far in this batch. */
  onRows?(done: number): void;
}

const PROGRESS_EVERY = 20_000;

export async function stageBatch(conn: DuckDBConnection, table: string, batch: StageBatch, tally: FileTally) {
  const appender = await conn.createAppender(table);
  try {
    for (let i = 0; i < batch.count; i++) {
      const raw = batch.get(i);
      tally.rowsRead++;
      const outcome = raw instanceof BadLine ? { reject: raw.why } : batch.read(raw, batch.nowMs);
      if ('play' in outcome) {
        appendPlay(appender, batch.offset + i, outcome.play);
        tally.staged++;
        tally.kinds[outcome.play.kind]++;
      } else if ('video' in outcome) tally.video++;
      else {
        tally.rejected++;
        if (tally.rejects.length < batch.keep) {
          tally.rejects.push({
            file: batch.label,
            index: batch.position(batch.offset + i),
            why: outcome.reject,
          });
        }
      }
      if (batch.onRows && (i + 1) % PROGRESS_EVERY === 0) batch.onRows(i + 1);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

function appendPlay(a: DuckDBAppender, ord: number, p: StagedPlay): void {
  a.appendInteger(ord);
  varchar(a, p.trackKey);
  a.appendDouble(p.playedAtMs);
  varchar(a, p.trackId);
  a.appendVarchar(p.kind);
  varchar(a, p.trackName);
  varchar(a, p.artistName);
  varchar(a, p.albumName);
  if (p.msPlayed === null) a.appendNull();
  else a.appendInteger(p.msPlayed);
  varchar(a, p.msPlayedSource);
  varchar(a, p.contextUri);
  a.appendVarchar(p.source);
  bool(a, p.skipped);
  bool(a, p.shuffle);
  varchar(a, p.platform);
  a.endRow();
}

function varchar(a: DuckDBAppender, value: string | null): void {
  if (value === null) a.appendNull();
  else a.appendVarchar(value);
}

function bool(a: DuckDBAppender, value: boolean | null): void {
  if (value === null) a.appendNull();
  else a.appendBoolean(value);
}
