import type { Hono } from 'hono';
import { z } from 'zod';
import type { WebDeps, WebEnv } from '../context.ts';
import { intParam } from '../format.ts';
import { renderPage } from '../layout.ts';
import { loadHistory } from '../loaders/history.ts';
import { field, validQuery } from '../validate.ts';
import { historyView } from '../views/history.ts';

const historyQuery = z.object({ q: field, page: field }).transform((q) => ({
  search: (q.q ?? '').trim().slice(0, 200),
  page: intParam(q.page, 1, 1, 1_000_000),
}));

/** History: every stored play of the signed-in account, newest first, paged and searchable. */
export function registerHistoryRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/history', validQuery(historyQuery), async (c) => {
    const user = c.get('user')!;
    const history = await loadHistory(deps, user, c.req.valid('query'));
    const body = historyView(history, user.timeZone);
    return c.html(renderPage(c, deps, { title: 'History', active: 'history', body }));
  });
}
