import type { Queryable } from './db.ts';

/**
 * The part of a track object the catalog keeps. Spotify's track objects (spotify/schemas.ts)
 * have this shape; it is written out here so that the store depends on no client.
 */
export interface CatalogTrack {
  id: string | null;
  name: string;
  duration_ms: number;
  explicit?: boolean | null;
  is_local?: boolean | null;
  external_ids?: { isrc?: string | null } | null;
  album?: {
    id: string | null;
    name: string;
    album_type?: string | null;
    release_date?: string | null;
    images?: Array<{ url: string }> | null;
  } | null;
  artists: Array<{ id: string | null; name: string }>;
}

/**
 * Fills the catalog from full track objects that a response already carried (recently
 * played, search, top tracks) — no extra calls. Local files (null ids) are skipped.
 */
export async function upsertTracks(db: Queryable, tracks: readonly CatalogTrack[]): Promise<void> {
  const seen = new Set<string>();
  for (const track of tracks) {
    if (!track.id || seen.has(track.id)) continue;
    seen.add(track.id);
    const album = track.album;
    if (album?.id) {
      await db.run(
        `INSERT INTO albums (album_id, name, album_type, release_date, image_url) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (album_id) DO UPDATE SET name = excluded.name, album_type = COALESCE(excluded.album_type, albums.album_type),
           release_date = COALESCE(excluded.release_date, albums.release_date), image_url = COALESCE(excluded.image_url, albums.image_url), updated_at = now()`,
        [
          album.id,
          album.name,
          album.album_type ?? null,
          album.release_date ?? null,
          album.images?.[0]?.url ?? null,
        ],
      );
    }
    await db.run(
      `INSERT INTO tracks (track_id, name, duration_ms, isrc, album_id, explicit, is_local) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (track_id) DO UPDATE SET name = excluded.name, duration_ms = excluded.duration_ms,
         isrc = COALESCE(excluded.isrc, tracks.isrc), album_id = COALESCE(excluded.album_id, tracks.album_id),
         explicit = COALESCE(excluded.explicit, tracks.explicit), updated_at = now()`,
      [
        track.id,
        track.name,
        track.duration_ms,
        track.external_ids?.isrc ?? null,
        album?.id ?? null,
        track.explicit ?? null,
        track.is_local ?? false,
      ],
    );
    let position = 0;
    for (const artist of track.artists) {
      if (!artist.id) continue;
      // Genres are not in simplified artists: keep what the catalog has (filled by resolve).
      await db.run(
        `INSERT INTO artists (artist_id, name) VALUES (?, ?) ON CONFLICT (artist_id) DO UPDATE SET name = excluded.name`,
        [artist.id, artist.name],
      );
      await db.run(
        `INSERT INTO track_artists (track_id, artist_id, position) VALUES (?, ?, ?) ON CONFLICT (track_id, artist_id) DO NOTHING`,
        [track.id, artist.id, position++],
      );
    }
  }
}

export async function recordRawPayload(
  db: Queryable,
  payload: {
    id: string;
    source: string;
    userId: string | null;
    runId: string | null;
    fetchedAt: number;
    problem: string | null;
    body: string;
  },
): Promise<void> {
  await db.run(
    `INSERT INTO raw_payloads (payload_id, source, user_id, run_id, fetched_at, problem, body) VALUES (?, ?, ?, ?, ?::TIMESTAMPTZ, ?, ?)
     ON CONFLICT (payload_id) DO NOTHING`,
    [
      payload.id,
      payload.source,
      payload.userId,
      payload.runId,
      new Date(payload.fetchedAt),
      payload.problem,
      payload.body,
    ],
  );
}
