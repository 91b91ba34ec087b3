import type { Db } from '../store/db.ts';
import type { ResolvedQuery } from './query.ts';

/**
 * Cover art for the review's top lists, from what the catalog already stored off the
 * track objects Spotify sent (albums.image_url) — no request is made for it. A track gets
 * its album's cover; an artist its own picture when resolve stored one, else the cover of
 * the album the user played most by them in the range. No image known: null (the page
 * draws a placeholder).
 */
export async function trackCovers(db: Db, trackIds: string[]): Promise<Map<string, string>> {
  if (!trackIds.length) return new Map();
  const rows = await db.all<{ id: string; url: string }>(
    `SELECT t.track_id AS id, al.image_url AS url FROM tracks t JOIN albums al ON al.album_id = t.album_id
     WHERE t.track_id IN (${marks(trackIds)}) AND al.image_url IS NOT NULL`,
    trackIds,
  );
  return new Map(rows.map((r) => [r.id, r.url]));
}

export async function artistCovers(
  db: Db,
  q: Pick<ResolvedQuery, 'userId' | 'from' | 'to'>,
  artistIds: string[],
): Promise<Map<string, string>> {
  if (!artistIds.length) return new Map();
  const rows = await db.all<{ id: string; url: string | null }>(
    `WITH played AS (
       SELECT ta.artist_id, al.image_url, count(*) AS n, max(pl.played_at) AS last
       FROM plays pl
       JOIN tracks t ON t.track_id = pl.track_id
       JOIN track_artists ta ON ta.track_id = t.track_id
       JOIN albums al ON al.album_id = t.album_id
       WHERE pl.user_id = ? AND pl.played_at >= ?::TIMESTAMPTZ AND pl.played_at < ?::TIMESTAMPTZ
         AND ta.artist_id IN (${marks(artistIds)}) AND al.image_url IS NOT NULL
       GROUP BY 1, 2
     ), best AS (SELECT artist_id, arg_max(image_url, (n, last)) AS url FROM played GROUP BY 1)
     SELECT a.artist_id AS id, coalesce(a.image_url, best.url) AS url
     FROM artists a LEFT JOIN best ON best.artist_id = a.artist_id
     WHERE a.artist_id IN (${marks(artistIds)})`,
    [q.userId, q.from.toISOString(), q.to.toISOString(), ...artistIds, ...artistIds],
  );
  return new Map(rows.filter((r) => r.url).map((r) => [r.id, r.url!]));
}

function marks(values: unknown[]): string {
  return values.map(() => '?').join(', ');
}
