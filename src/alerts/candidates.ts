/**
 * Which upcoming shows are news for one user: a show within a place's radius, not
 * cancelled, with a matched artist the user loves (src/alerts/thresholds.ts), that the
 * user has not been alerted about yet.
 */
import type { Place } from '../events/types.ts';
import { listShows, type ShowListing } from '../shows/list-shows.ts';
import type { Queryable } from '../store/db.ts';
import { listPlaces } from '../store/places.ts';
import { type AlertArtist, sentEventKeys } from './alerts-store.ts';
import { listeningByArtist } from './listening.ts';
import { withinAPlaceRadius } from './radius.ts';
import { isLoved, type AlertThreshold } from './thresholds.ts';

export type { AlertArtist } from './alerts-store.ts';

export interface AlertCandidate {
  userId: string;
  listing: ShowListing;
  /** The loved artists on the bill, most played first. */
  artists: AlertArtist[];
}

function matchedArtists(listing: ShowListing): Array<{ id: string; name: string }> {
  return listing.performers.flatMap((p) =>
    p.artists.flatMap((a) =>
      a.match?.artistId ? [{ id: a.match.artistId, name: a.match.artistName ?? a.name }] : [],
    ),
  );
}

export async function findAlertCandidates(
  db: Queryable,
  input: { userId: string; threshold: AlertThreshold; now: Date; places?: Place[] },
): Promise<AlertCandidate[]> {
  const places = new Map((input.places ?? (await listPlaces(db))).map((p) => [p.id, p]));
  const listings = (await listShows(db, { from: input.now, userId: input.userId })).filter((l) =>
    withinAPlaceRadius(l.event, places),
  );
  const sent = await sentEventKeys(db, input.userId);
  const fresh = listings.filter((l) => !sent.has(l.event.key));
  const listening = await listeningByArtist(db, input.userId, fresh.flatMap(matchedArtists));
  const out: AlertCandidate[] = [];
  for (const listing of fresh) {
    const byId = new Map<string, AlertArtist>();
    for (const artist of matchedArtists(listing)) {
      const heard = listening.get(artist.id);
      if (heard && isLoved(heard, input.threshold)) byId.set(artist.id, { ...artist, ...heard });
    }
    const artists = [...byId.values()].sort((a, b) => b.plays - a.plays || b.minutes - a.minutes);
    if (artists.length) out.push({ userId: input.userId, listing, artists });
  }
  return out;
}
