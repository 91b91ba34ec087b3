/**
 * Plays and minutes per artist for one user, counted like the Shows page counts plays
 * (src/shows/listening.ts): plays credited to the artist, plus plays the catalog cannot
 * credit whose stored artist name is the artist's name. Minutes are what the plays lasted.
 */
import type { ArtistRef } from '../shows/listening.ts';
import type { Queryable } from '../store/db.ts';
import type { ArtistListening } from './thresholds.ts';

export async function listeningByArtist(
  db: Queryable,
  userId: string,
  artists: readonly ArtistRef[],
): Promise<Map<string, ArtistListening>> {
  const unique = [...new Map(artists.map((a) => [a.id, a])).values()];
  if (unique.length === 0) return new Map();
  const rows = await db.all<{ artist_id: string; plays: number; ms: number }>(
    `WITH wanted AS (
       SELECT DISTINCT w.id AS artist_id, lower(w.name) AS lname
       FROM (SELECT unnest(from_json(?, '[{"id":"VARCHAR","name":"VARCHAR"}]')) AS w)
     ),
     credited AS (
       SELECT ta.artist_id, count(*) AS n, sum(COALESCE(p.ms_played, 0)) AS ms
       FROM plays p JOIN track_artists ta ON ta.track_id = p.track_id
       WHERE p.user_id = ? AND ta.artist_id IN (SELECT artist_id FROM wanted)
       GROUP BY ta.artist_id
     ),
     by_name AS (
       SELECT lower(p.artist_name) AS lname, count(*) AS n, sum(COALESCE(p.ms_played, 0)) AS ms
       FROM plays p
       WHERE p.user_id = ? AND p.kind = 'track'
         AND lower(p.artist_name) IN (SELECT lname FROM wanted)
         AND (p.track_id IS NULL OR NOT EXISTS (SELECT 1 FROM track_artists t WHERE t.track_id = p.track_id))
       GROUP BY lower(p.artist_name)
     )
     SELECT w.artist_id, COALESCE(c.n, 0) + COALESCE(b.n, 0) AS plays,
       COALESCE(c.ms, 0) + COALESCE(b.ms, 0) AS ms
     FROM wanted w LEFT JOIN credited c ON c.artist_id = w.artist_id LEFT JOIN by_name b ON b.lname = w.lname`,
    [JSON.stringify(unique), userId, userId],
  );
  return new Map(
    rows
      .filter((r) => Number(r.plays) > 0)
      .map((r) => [r.artist_id, { plays: Number(r.plays), minutes: Math.floor(Number(r.ms) / 60_000) }]),
  );
}
