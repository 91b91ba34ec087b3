import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import { BadLine } from './decode.ts';
import type { RowReader } from './detect.ts';
import { nameKey } from './keys.ts';
import type { PlayKind, RowReject, StagedPlay } from './types.ts';

/**
 * Staging: a file's records go, one at a time, through the format reader into a
 * `RowCollector`, which finishes each play:
 * - the name key of rows without an id (keys.ts);
 * - account data (minute resolution): the n-th play of the same track in the same minute
 *   is stored at endTime + (n−1) s, so that the natural key stays unique;
 * - any other row repeating an earlier row of the file (same key and end of play) is a
 *   duplicate: counted, not staged.
 * and hands it straight to DuckDB's Appender (no SQL per row, no row kept in JS) into a
 * TEMP table, where the reconciliation works on the whole file in set-based SQL. The table
 * lives only on this connection and only for this file: a crash loses it, and nothing in
 * `plays` depends on it until the file's transaction.
 */

/** What one file's rows came to. */
export interface FileTally {
  rowsRead: number;
  staged: number;
  /** Rows repeating an earlier row of the same file. */
  repeated: number;
  rejected: number;
  video: number;
  kinds: Record<PlayKind, number>;
  /** Summed ms_played of the staged unidentified rows. */
  unidentifiedMs: number;
  /** The first rejects, up to the collector's `keep` (all are counted in `rejected`). */
  rejects: RowReject[];
}

export function emptyTally(): FileTally {
  return {
    rowsRead: 0,
    staged: 0,
    repeated: 0,
    rejected: 0,
    video: 0,
    kinds: { track: 0, episode: 0, audiobook: 0, unidentified: 0 },
    unidentifiedMs: 0,
    rejects: [],
  };
}

export interface CollectorOptions {
  label: string;
  read: RowReader;
  nowMs: number;
  /** How many rejects to keep in the tally's list. */
  keep: number;
  /** Account data: spread same-minute repeats instead of dropping them as duplicates. */
  spreadMinutes: boolean;
  /** Receives each play to stage, key and time final (trackKey is always set). */
  emit(play: StagedPlay): void;
}

export class RowCollector {
  readonly tally = emptyTally();
  /**
   * Keys seen so far, by end of play. Keyed by the time (a number) rather than a
   * key|time string: one play ends at a time, so collisions are rare and a number-keyed
   * Map is several times cheaper per row.
   */
  private readonly seen = new Map<number, string | string[]>();

  constructor(private readonly options: CollectorOptions) {}

  /** One raw record; `position` is where it sits in the file (for reports). */
  add(raw: unknown, position: number): void {
    const tally = this.tally;
    tally.rowsRead++;
    const outcome = raw instanceof BadLine ? { reject: raw.why } : this.options.read(raw, this.options.nowMs);
    if ('play' in outcome) {
      if (this.place(outcome.play)) {
        this.options.emit(outcome.play);
        tally.staged++;
        tally.kinds[outcome.play.kind]++;
        if (outcome.play.kind === 'unidentified') tally.unidentifiedMs += outcome.play.msPlayed ?? 0;
      } else tally.repeated++;
    } else if ('video' in outcome) tally.video++;
    else {
      tally.rejected++;
      if (tally.rejects.length < this.options.keep) {
        tally.rejects.push({ file: this.options.label, index: position, why: outcome.reject });
      }
    }
  }

  /** Finishes the play's key and time; false when it repeats an earlier row of the file. */
  private place(p: StagedPlay): boolean {
    // The readers guarantee a track name whenever there is no id.
    const key = p.trackKey ?? nameKey(p.kind, p.artistName, p.trackName ?? '');
    p.trackKey = key;
    const atTime = this.seen.get(p.playedAtMs);
    if (atTime === undefined) {
      this.seen.set(p.playedAtMs, key);
      return true;
    }
    const keys = typeof atTime === 'string' ? [atTime] : atTime;
    const before = keys.filter((k) => k === key).length;
    keys.push(key);
    this.seen.set(p.playedAtMs, keys);
    if (before === 0) return true;
    if (!this.options.spreadMinutes) return false;
    p.playedAtMs += before * 1000;
    return true;
  }
}

/**
 * The end of play is appended as a DOUBLE of Unix ms — the Appender's direct path; its
 * TIMESTAMPTZ path converts every value through a generic, much slower route — and the
 * view `<table>` (what the SQL reads) turns it into the TIMESTAMPTZ `played_at`. A row's
 * `ord` is its rowid: the order it was appended in, which is the file's order.
 */
export function createStageSql(table: string): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE ${table}_rows (
      key VARCHAR NOT NULL, played_ms DOUBLE NOT NULL, track_id VARCHAR, kind VARCHAR,
      track_name VARCHAR, artist_name VARCHAR, album_name VARCHAR, ms_played INTEGER,
      ms_played_source VARCHAR, context_uri VARCHAR, source VARCHAR, skipped BOOLEAN, shuffle BOOLEAN,
      platform VARCHAR)`,
    `CREATE OR REPLACE TEMP VIEW ${table} AS
      SELECT CAST(rowid AS INTEGER) AS ord, * EXCLUDE (played_ms),
        make_timestamptz(CAST(played_ms AS BIGINT) * 1000) AS played_at
      FROM ${table}_rows`,
  ];
}

export function dropStageSql(table: string): string[] {
  return [`DROP VIEW IF EXISTS ${table}`, `DROP TABLE IF EXISTS ${table}_rows`];
}

export interface StageAppender {
  emit(play: StagedPlay): void;
  close(): void;
}

/** An Appender on the staging table. */
export async function openStageAppender(conn: DuckDBConnection, table: string): Promise<StageAppender> {
  const appender = await conn.createAppender(`${table}_rows`);
  return {
    emit: (play) => appendPlay(appender, play),
    close: () => {
      try {
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
    },
  };
}

function appendPlay(a: DuckDBAppender, p: StagedPlay): void {
  a.appendVarchar(p.trackKey!);
  a.appendDouble(Math.round(p.playedAtMs));
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
