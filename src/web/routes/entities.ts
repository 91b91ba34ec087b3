import type { Hono } from 'hono';
import { z } from 'zod';
import { AnalyticsQueryError, DEFAULT_MIN_STREAM_MS, type EntityKind } from '../../analytics/index.ts';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { errorPage, renderPage } from '../layout.ts';
import { loadEntity } from '../loaders/entity.ts';
import { validParams } from '../validate.ts';
import { entityView } from '../views/entity.ts';

const KINDS: EntityKind[] = ['artist', 'album', 'track'];

const idParams = z.object({ id: z.string() });

/**
 * `/artist/:id`, `/album/:id`, `/track/:id`: one entity of the session's account's
 * history (ids as entity-keys.ts describes them). Unknown ids are a 404 page.
 */
export function registerEntityRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  for (const kind of KINDS)
    app.get(`/${kind}/:id`, validParams(idParams), (c) => entityPage(c, deps, kind, c.req.valid('param').id));
}

async function entityPage(c: WebContext, deps: WebDeps, kind: EntityKind, id: string): Promise<Response> {
  let found;
  try {
    found = await loadEntity(deps, c.get('user')!, kind, id);
  } catch (error) {
    if (!(error instanceof AnalyticsQueryError)) throw error;
    return errorPage(c, deps, 400, 'Not an id', [error.message]);
  }
  if (!found)
    return errorPage(c, deps, 404, `No such ${kind}`, [
      `There is no ${kind} with this id in your history or encore's catalog.`,
      'Try the search box at the top of the page.',
    ]);
  const body = entityView(found.page, found.shows, DEFAULT_MIN_STREAM_MS);
  return c.html(renderPage(c, deps, { title: found.page.name, charts: true, body }));
}
