/**
 * The upcoming shows of one artist near the user's places, for the artist page: the
 * shows listing (the same the Shows page and playlists read), kept to the shows where one
 * of the billed performers was matched to this artist.
 */
import type { Queryable } from '../store/db.ts';
import { listShows, type ShowListing } from './list-shows.ts';

export async function upcomingShowsOf(
  db: Queryable,
  artistId: string,
  userId: string,
  now: number,
): Promise<ShowListing[]> {
  const listings = await listShows(db, { from: new Date(now), userId });
  return listings.filter((l) =>
    l.performers.some((p) => p.artists.some((a) => a.match?.artistId === artistId)),
  );
}
