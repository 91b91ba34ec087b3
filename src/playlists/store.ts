/**
 * The `playlists` table: the playlists encore created and manages. Nothing outside this
 * table is ever written to Spotify — a Spotify playlist id reaches the writer only by
 * being read from here.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable, Row } from '../store/db.ts';
import { type PlaylistDefinition, readDefinition } from './definition.ts';

export interface PlaylistChange {
  added: number;
  removed: number;
  kept: number;
}

export interface ManagedPlaylist {
  key: string;
  userId: string;
  spotifyPlaylistId: string | null;
  name: string;
  definition: PlaylistDefinition;
  /** What encore last wrote, in order; null = nothing written to this Spotify playlist yet. */
  trackIds: string[] | null;
  snapshotId: string | null;
  createdAt: Date;
  lastRefreshedAt: Date | null;
  lastChange: (PlaylistChange & Record<string, unknown>) | null;
}

export function newPlaylistKey(): string {
  return `pl_${randomBytes(5).toString('hex')}`;
}

export async function insertPlaylist(
  db: Queryable,
  p: { key: string; userId: string; name: string; definition: PlaylistDefinition; now: Date },
): Promise<void> {
  await db.run(
    `INSERT INTO playlists (playlist_key, user_id, name, definition, created_at) VALUES (?, ?, ?, ?, ?)`,
    [p.key, p.userId, p.name, JSON.stringify(p.definition), p.now],
  );
}

export async function getManagedPlaylist(db: Queryable, key: string): Promise<ManagedPlaylist | undefined> {
  const row = await db.one('SELECT * FROM playlists WHERE playlist_key = ?', [key]);
  return row ? toPlaylist(row) : undefined;
}

/** By encore's key or by the Spotify playlist id — only among encore's own playlists. */
export async function findManagedPlaylist(
  db: Queryable,
  idOrKey: string,
): Promise<ManagedPlaylist | undefined> {
  const row = await db.one('SELECT * FROM playlists WHERE playlist_key = ? OR spotify_playlist_id = ?', [
    idOrKey,
    idOrKey,
  ]);
  return row ? toPlaylist(row) : undefined;
}

export async function listManagedPlaylists(db: Queryable, userId?: string): Promise<ManagedPlaylist[]> {
  const rows = await db.all(
    `SELECT * FROM playlists ${userId ? 'WHERE user_id = ?' : ''} ORDER BY created_at, playlist_key`,
    userId ? [userId] : [],
  );
  return rows.map(toPlaylist);
}

/** Saved as soon as Spotify answers, so a crash before the items are written never creates a second playlist. */
export async function recordSpotifyPlaylist(db: Queryable, key: string, spotifyId: string): Promise<void> {
  await db.run('UPDATE playlists SET spotify_playlist_id = ?, track_ids = NULL WHERE playlist_key = ?', [
    spotifyId,
    key,
  ]);
}

export async function recordRefresh(
  db: Queryable,
  key: string,
  r: { trackIds: string[]; snapshotId: string | null; at: Date; change: Record<string, unknown> },
): Promise<void> {
  await db.run(
    `UPDATE playlists SET track_ids = from_json(?, '["VARCHAR"]'), snapshot_id = COALESCE(?, snapshot_id),
       last_refreshed_at = ?, last_change = ? WHERE playlist_key = ?`,
    [JSON.stringify(r.trackIds), r.snapshotId, r.at, JSON.stringify(r.change), key],
  );
}

function toPlaylist(row: Row): ManagedPlaylist {
  const change = row.last_change ? JSON.parse(String(row.last_change)) : null;
  return {
    key: String(row.playlist_key),
    userId: String(row.user_id),
    spotifyPlaylistId: row.spotify_playlist_id === null ? null : String(row.spotify_playlist_id),
    name: String(row.name),
    definition: readDefinition(row.definition),
    trackIds: (row.track_ids as string[] | null) ?? null,
    snapshotId: row.snapshot_id === null ? null : String(row.snapshot_id),
    createdAt: row.created_at as Date,
    lastRefreshedAt: (row.last_refreshed_at as Date | null) ?? null,
    lastChange: change,
  };
}
