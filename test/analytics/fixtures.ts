import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyticsQuery } from '../../src/analytics/index.ts';
import type { Db } from '../../src/store/db.ts';
import { openStore } from '../../src/store/open.ts';

/** A real DuckDB file in a temp folder, schema migrated. */
export async function tempStore(): Promise<Db> {
  return openStore(join(mkdtempSync(join(tmpdir(), 'encore-analytics-')), 'test.duckdb'));
}

export interface ArtistSpec {
  id: string;
  name: string;
  genres?: string[] | null;
}

export interface TrackSpec {
  id: string;
  name: string;
  artists: string[];
  durationMs?: number | null;
  isrc?: string | null;
  album?: { id: string; name: string };
}

/** Catalog rows, as the capture job and resolve store them. */
export async function addCatalog(db: Db, artists: ArtistSpec[], tracks: TrackSpec[]): Promise<void> {
  for (const a of artists) {
    const genres = a.genres ? `[${a.genres.map(() => '?').join(', ')}]::VARCHAR[]` : 'NULL';
    await db.run(`INSERT INTO artists (artist_id, name, genres) VALUES (?, ?, ${genres})`, [
      a.id,
      a.name,
      ...(a.genres ?? []),
    ]);
  }
  for (const t of tracks) {
    if (t.album)
      await db.run('INSERT INTO albums (album_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING', [
        t.album.id,
        t.album.name,
      ]);
    await db.run('INSERT INTO tracks (track_id, name, duration_ms, isrc, album_id) VALUES (?, ?, ?, ?, ?)', [
      t.id,
      t.name,
      t.durationMs === undefined ? 200_000 : t.durationMs,
      t.isrc ?? null,
      t.album?.id ?? null,
    ]);
    for (const [position, artist] of t.artists.entries())
      await db.run('INSERT INTO track_artists (track_id, artist_id, position) VALUES (?, ?, ?)', [
        t.id,
        artist,
        position,
      ]);
  }
}

export interface PlaySpec {
  /** End of play, ISO UTC. */
  at: string;
  /** Catalog track id; omit for a name-only (unresolved) play. */
  track?: string;
  /** For name-only plays (and copied onto resolved ones when given). */
  name?: string;
  artist?: string;
  album?: string;
  /** null = not measured. Default: 180 s. */
  ms?: number | null;
  source?: string;
  user?: string;
}

export async function addPlays(db: Db, plays: PlaySpec[], user = 'u1'): Promise<void> {
  for (const p of plays) {
    const key = p.track ?? `name:${(p.name ?? '').toLowerCase()}|${(p.artist ?? '').toLowerCase()}`;
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_id, track_name, artist_name, album_name, ms_played, source)
       VALUES (?, ?, ?::TIMESTAMPTZ, ?, ?, ?, ?, ?, ?)`,
      [
        p.user ?? user,
        key,
        p.at,
        p.track ?? null,
        p.name ?? null,
        p.artist ?? null,
        p.album ?? null,
        p.ms === undefined ? 180_000 : p.ms,
        p.source ?? 'recently_played',
      ],
    );
  }
}

/** A query over [from, to) in UTC unless told otherwise. */
export function q(from: string, to: string, extra: Partial<AnalyticsQuery> = {}): AnalyticsQuery {
  return { userId: 'u1', from: new Date(from), to: new Date(to), timeZone: 'UTC', ...extra };
}
