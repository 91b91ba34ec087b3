import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../src/store/db.ts';
import { openStore } from '../../../src/store/open.ts';
import { upsertUser } from '../../../src/store/users.ts';
import { ManualClock } from '../../../src/util/clock.ts';

/** Test scaffolding: temp folders, real DuckDB files, export rows with the real field sets. */

export const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
export const clock = () => new ManualClock(NOW);
export const USER = 'alice';

export interface TempDir {
  dir: string;
  path(name: string): string;
  write(name: string, content: string | Buffer): string;
  cleanup(): void;
}

export function tempDir(): TempDir {
  const dir = mkdtempSync(join(tmpdir(), 'encore-history-'));
  return {
    dir,
    path: (name) => join(dir, name),
    write: (name, content) => {
      const full = join(dir, name);
      writeFileSync(full, content);
      return full;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function freshDb(dir: TempDir, name = 'encore.duckdb', userId = USER): Promise<Db> {
  const db = await openStore(dir.path(name));
  await upsertUser(db, { userId });
  return db;
}

/** A 22-character Spotify-like id from a number. */
export function sid(n: number): string {
  return `T${String(n).padStart(21, '0')}`;
}

export type ExtendedRow = Record<string, unknown>;

/** An extended streaming history row with every field of the real export. */
export function extendedRow(over: Partial<ExtendedRow> & { ts: string }): ExtendedRow {
  return {
    platform: 'android',
    ms_played: 180000,
    conn_country: 'DE',
    ip_addr: '192.0.2.1',
    master_metadata_track_name: 'Song',
    master_metadata_album_artist_name: 'Artist',
    master_metadata_album_album_name: 'Album',
    spotify_track_uri: `spotify:track:${sid(1)}`,
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    audiobook_title: null,
    audiobook_uri: null,
    audiobook_chapter_uri: null,
    audiobook_chapter_title: null,
    reason_start: 'trackdone',
    reason_end: 'trackdone',
    shuffle: false,
    skipped: false,
    offline: false,
    offline_timestamp: null,
    incognito_mode: false,
    ...over,
  };
}

export function episodeRow(ts: string, id: string, name: string, show: string): ExtendedRow {
  return extendedRow({
    ts,
    master_metadata_track_name: null,
    master_metadata_album_artist_name: null,
    master_metadata_album_album_name: null,
    spotify_track_uri: null,
    episode_name: name,
    episode_show_name: show,
    spotify_episode_uri: `spotify:episode:${id}`,
  });
}

export function accountRow(endTime: string, artistName: string, trackName: string, msPlayed: number) {
  return { endTime, artistName, trackName, msPlayed };
}

export interface PlayRow extends Record<string, unknown> {
  track_key: string;
  played_at: string;
  track_id: string | null;
  kind: string;
  track_name: string | null;
  artist_name: string | null;
  album_name: string | null;
  ms_played: number | null;
  ms_played_source: string | null;
  context_uri: string | null;
  source: string;
  skipped: boolean | null;
  shuffle: boolean | null;
  platform: string | null;
}

/** Every play of a user, ordered, with the end of play as ISO text (inserted_at left out). */
export async function allPlays(db: Db, userId = USER): Promise<PlayRow[]> {
  return db.all<PlayRow>(
    `SELECT track_key, strftime(played_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS played_at, track_id, kind,
       track_name, artist_name, album_name, ms_played, ms_played_source, context_uri, source, skipped, shuffle, platform
     FROM plays WHERE user_id = ? ORDER BY played_at, track_key`,
    [userId],
  );
}

/** Inserts a play the way live capture does (recently_played, inferred length). */
export async function insertLivePlay(
  db: Db,
  play: {
    trackId: string;
    playedAt: string;
    msPlayed: number;
    trackName: string;
    artistName: string;
    source?: string;
  },
): Promise<void> {
  await db.run(
    `INSERT INTO plays (user_id, track_key, played_at, track_id, kind, track_name, artist_name, album_name, ms_played,
       ms_played_source, context_uri, source)
     VALUES (?, ?, ?::TIMESTAMPTZ, ?, 'track', ?, ?, NULL, ?, ?, NULL, 'recently_played')`,
    [
      USER,
      play.trackId,
      play.playedAt,
      play.trackId,
      play.trackName,
      play.artistName,
      play.msPlayed,
      play.source ?? 'inferred',
    ],
  );
}
