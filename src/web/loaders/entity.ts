import { type EntityKind, type EntityPage, loadEntityPage } from '../../analytics/index.ts';
import { upcomingShowsOf } from '../../shows/artist-shows.ts';
import type { ShowListing } from '../../shows/list-shows.ts';
import type { WebDeps, WebUser } from '../context.ts';

/**
 * One artist, album or track of the account's history, and for a catalog artist its
 * upcoming shows near the places. Undefined for an unknown id; a malformed one throws
 * AnalyticsQueryError.
 */
export async function loadEntity(
  deps: WebDeps,
  user: WebUser,
  kind: EntityKind,
  id: string,
): Promise<{ page: EntityPage; shows: ShowListing[] | null } | undefined> {
  const now = deps.clock.now();
  const page = await loadEntityPage(deps.db, { userId: user.userId, timeZone: user.timeZone, kind, id, now });
  if (!page) return undefined;
  const artistId = kind === 'artist' && !page.id.startsWith('name:') ? page.id : null;
  const shows = artistId ? await upcomingShowsOf(deps.db, artistId, user.userId, now) : null;
  return { page, shows };
}
