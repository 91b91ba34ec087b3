import type { Hono } from 'hono';
import {
  AnalyticsQueryError,
  DEFAULT_MIN_STREAM_MS,
  type EntityKind,
  loadEntityPage,
} from '../../analytics/index.ts';
import { upcomingShowsOf } from '../../shows/artist-shows.ts';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { errorPage, renderPage } from '../layout.ts';
import { entityView } from '../views/entity.ts';

const KINDS: EntityKind[] = ['artist', 'album', 'track'];

/**
 * `/artist/:id`, `/album/:id`, `/track/:id`: one entity of the session's account's
 * history (ids as entity-keys.ts describes them). Unknown ids are a 404 page.
 */
export function registerEntityRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  for (const kind of KINDS) app.get(`/${kind}/:id`, (c) => entityPage(c, deps, kind));
}

async function entityPage(c: WebContext, deps: WebDeps, kind: EntityKind): Promise<Response> {
  const user = c.get('user')!;
  const id = c.req.param('id') ?? '';
  const now = deps.clock.now();
  let page;
  try {
    page = await loadEntityPage(deps.db, { userId: user.userId, timeZone: user.timeZone, kind, id, now });
  } catch (error) {
    if (!(error instanceof AnalyticsQueryError)) throw error;
    return errorPage(c, deps, 400, 'Not an id', [error.message]);
  }
  if (!page)
    return errorPage(c, deps, 404, `No such ${kind}`, [
      `There is no ${kind} with this id in your history or encore's catalog.`,
      'Try the search box at the top of the page.',
    ]);
  const artistId = kind === 'artist' && !page.id.startsWith('name:') ? page.id : null;
  const shows = artistId ? await upcomingShowsOf(deps.db, artistId, user.userId, now) : null;
  return c.html(
    renderPage(c, deps, {
      title: page.name,
      charts: true,
      body: entityView(page, shows, DEFAULT_MIN_STREAM_MS),
    }),
  );
}
