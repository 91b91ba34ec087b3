/** Names for bare track ids (a playlist's stored tracks), from whichever table knows them. */
import type { Queryable } from '../store/db.ts';

export interface NamedTrack {
  id: string;
  name: string | null;
  artist: string | null;
}

/**
 * The catalog's name and first artist of each id, else what the picks stored (a pick
 * can name a track the catalog has not fetched). In the order of `ids`; unknown → nulls.
 */
export async function trackNames(db: Queryable, ids: string[]): Promise<NamedTrack[]> {
  if (!ids.length) return [];
  const rows = await db.all<{ id: string; name: string | null; artist: string | null }>(
    `WITH wanted AS (SELECT unnest(from_json(?, '["VARCHAR"]')) AS id)
     SELECT w.id,
       COALESCE(t.name, (SELECT any_value(track_name) FROM artist_picks p WHERE p.track_id = w.id)) AS name,
       COALESCE(
         (SELECT a.name FROM track_artists ta JOIN artists a ON a.artist_id = ta.artist_id
           WHERE ta.track_id = w.id ORDER BY ta.position LIMIT 1),
         (SELECT any_value(m.artist_name) FROM artist_picks p JOIN artist_matches m ON m.artist_id = p.artist_id
           WHERE p.track_id = w.id)) AS artist
     FROM wanted w LEFT JOIN tracks t ON t.track_id = w.id`,
    [JSON.stringify(ids)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => ({ id, name: byId.get(id)?.name ?? null, artist: byId.get(id)?.artist ?? null }));
}
