import type { Place } from '../../events/types.ts';
import { dateQuery, listShows, type ShowListing } from '../../shows/list-shows.ts';
import { getMatch, type MatchRow } from '../../store/matches.ts';
import { listPlaces } from '../../store/places.ts';
import type { WebDeps, WebUser } from '../context.ts';
import { SHOWS_PER_PAGE, type ShowFilters } from '../shows-query.ts';
import { type AlertsBox, loadAlertsBox } from './alerts-box.ts';

/** One place's card: how many shows match, the ones on this page, and their match rows. */
export interface PlaceShows {
  place: Place;
  total: number;
  onPage: ShowListing[];
  matches: Map<string, MatchRow>;
}

export interface ShowsPage {
  places: Place[];
  sections: PlaceShows[];
  alerts: AlertsBox;
}

/**
 * The upcoming shows per place (all places, or the chosen one) with the account's play
 * counts, the match rows their performers need, and the account's open alerts.
 */
export async function loadShowsPage(deps: WebDeps, user: WebUser, filters: ShowFilters): Promise<ShowsPage> {
  const places = await listPlaces(deps.db);
  const shown = filters.place ? places.filter((p) => p.id === filters.place) : places;
  const days = dateQuery(
    {
      ...(filters.from ? { from: new Date(`${filters.from}T00:00:00Z`) } : {}),
      ...(filters.to ? { to: new Date(`${filters.to}T00:00:00Z`) } : {}),
    },
    deps.clock.now(),
  );
  const sections: PlaceShows[] = [];
  for (const place of shown) {
    const listings = await listShows(deps.db, {
      ...days,
      placeId: place.id,
      ...(filters.genre ? { genre: filters.genre } : {}),
      knownOnly: filters.known,
      userId: user.userId,
    });
    const onPage = listings.slice((filters.page - 1) * SHOWS_PER_PAGE, filters.page * SHOWS_PER_PAGE);
    sections.push({ place, total: listings.length, onPage, matches: await matchRows(deps, onPage) });
  }
  return { places, sections, alerts: await loadAlertsBox(deps, user) };
}

async function matchRows(deps: WebDeps, listings: ShowListing[]): Promise<Map<string, MatchRow>> {
  const keys = new Set(listings.flatMap((l) => l.performers.flatMap((p) => p.artists.map((a) => a.key))));
  const out = new Map<string, MatchRow>();
  for (const key of keys) {
    const row = await getMatch(deps.db, key);
    if (row) out.set(key, row);
  }
  return out;
}
