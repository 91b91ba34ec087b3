/** What the shows know of a user's listening; how much is counted in src/analytics/artist-streams.ts. */
import type { Queryable } from '../store/db.ts';

export type { ArtistRef } from '../analytics/artist-streams.ts';

/** Spotify genres encore has stored for these artists (unknown → absent). */
export async function artistGenres(db: Queryable, ids: readonly string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ artist_id: string; genres: string[] | null }>(
    `SELECT artist_id, genres FROM artists WHERE artist_id IN (SELECT unnest(from_json(?, '["VARCHAR"]')))`,
    [JSON.stringify([...new Set(ids)])],
  );
  return new Map(rows.filter((r) => r.genres).map((r) => [r.artist_id, r.genres ?? []]));
}
