import type { Hono } from 'hono';
import { z } from 'zod';
import type { WebDeps, WebEnv } from '../context.ts';
import { renderPage } from '../layout.ts';
import { loadSearch } from '../loaders/search.ts';
import { field, validQuery } from '../validate.ts';
import { searchView } from '../views/search.ts';

const searchQuery = z.object({ q: field }).transform((q) => ({ text: q.q ?? '' }));

/** `/search?q=`: artists, tracks and albums of the account's history, grouped by kind. */
export function registerSearchRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/search', validQuery(searchQuery), async (c) => {
    const { text } = c.req.valid('query');
    const { results, problem } = await loadSearch(deps, c.get('user')!, text);
    const body = searchView(text.slice(0, 200), results, problem);
    return c.html(renderPage(c, deps, { title: 'Search', active: 'search', body }), problem ? 400 : 200);
  });
}
