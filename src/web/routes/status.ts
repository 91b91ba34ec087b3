import type { Hono } from 'hono';
import { z } from 'zod';
import type { WebDeps, WebEnv } from '../context.ts';
import { renderPage } from '../layout.ts';
import { loadOwnStatus, loadStatusPage } from '../loaders/status.ts';
import { field, validQuery } from '../validate.ts';
import { retryNotice } from '../views/forward-status.ts';
import { statusView } from '../views/status.ts';

/** After a forward retry the redirect carries two numbers; the page words them. */
const statusQuery = z
  .object({ retried: field, left: field })
  .transform((q) => ({ notice: retryNotice(q.retried, q.left) }));

/**
 * Status: the signed-in account's capture state and problems (quota pauses, reconnect
 * needed, consent expiry), and recent job runs — its own and the shared ones (user NULL).
 */
export function registerStatusRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/api/status', async (c) => c.json(await loadOwnStatus(deps, c.get('user')!)));

  app.get('/status', validQuery(statusQuery), async (c) => {
    const user = c.get('user')!;
    const page = await loadStatusPage(deps, user);
    const body = statusView(page, {
      csrf: c.get('session')!.csrfToken,
      timeZone: user.timeZone,
      notice: c.req.valid('query').notice,
    });
    return c.html(renderPage(c, deps, { title: 'Status', body, active: 'status' }));
  });
}
