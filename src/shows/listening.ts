/**
 * How much a user listens to an artist: their plays of tracks credited to the artist
 * (track_artists), plus plays the catalog cannot credit — unresolved imports or tracks
 * whose artists are unknown — whose stored artist name is the artist's name.
 */
import type { Queryable } from '../store/db.ts';

export interface ArtistRef {
  id: string;
  name: string;
}

/** artist id → plays by `userId`; artists without plays are absent. */
export async function playCountsByArtist(
  db: Queryable,
  userId: string,
  artists: readonly ArtistRef[],
): Promise<Map<string, number>> {
  const unique = [...new Map(artists.map((a) => [a.id, a])).values()];
  if (unique.length === 0) return new Map();
  const rows = await db.all<{ artist_id: string; plays: number }>(
    `WITH wanted AS (
       SELECT DISTINCT w.id AS artist_id, lower(w.name) AS lname
       FROM (SELECT unnest(from_json(?, '[{"id":"VARCHAR","name":"VARCHAR"}]')) AS w)
     ),
     credited AS (
       SELECT ta.artist_id, count(*) AS n
       FROM plays p JOIN track_artists ta ON ta.track_id = p.track_id
       WHERE p.user_id = ? AND ta.artist_id IN (SELECT artist_id FROM wanted)
       GROUP BY ta.artist_id
     ),
     by_name AS (
       SELECT lower(p.artist_name) AS lname, count(*) AS n
       FROM plays p
       WHERE p.user_id = ? AND p.kind = 'track'
         AND lower(p.artist_name) IN (SELECT lname FROM wanted)
         AND (p.track_id IS NULL OR NOT EXISTS (SELECT 1 FROM track_artists t WHERE t.track_id = p.track_id))
       GROUP BY lower(p.artist_name)
     )
     SELECT w.artist_id, COALESCE(c.n, 0) + COALESCE(b.n, 0) AS plays
     FROM wanted w LEFT JOIN credited c ON c.artist_id = w.artist_id LEFT JOIN by_name b ON b.lname = w.lname`,
    [JSON.stringify(unique), userId, userId],
  );
  return new Map(rows.filter((r) => Number(r.plays) > 0).map((r) => [r.artist_id, Number(r.plays)]));
}

/** Spotify genres encore has stored for these artists (unknown → absent). */
export async function artistGenres(db: Queryable, ids: readonly string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ artist_id: string; genres: string[] | null }>(
    `SELECT artist_id, genres FROM artists WHERE artist_id IN (SELECT unnest(from_json(?, '["VARCHAR"]')))`,
    [JSON.stringify([...new Set(ids)])],
  );
  return new Map(rows.filter((r) => r.genres).map((r) => [r.artist_id, r.genres ?? []]));
}
