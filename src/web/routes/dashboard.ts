import type { Hono } from 'hono';
import { z } from 'zod';
import type { WebDeps, WebEnv } from '../context.ts';
import { renderPage } from '../layout.ts';
import { loadDashboardPage } from '../loaders/dashboard.ts';
import { rangeFields, validQuery } from '../validate.ts';
import { dashboardView } from '../views/dashboard.ts';

const rangeQuery = z.object(rangeFields);

export function registerDashboardRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/', validQuery(rangeQuery), async (c) => {
    const { choice, dashboard } = await loadDashboardPage(deps, c.get('user')!, c.req.valid('query'));
    const body = dashboardView(dashboard, choice);
    return c.html(renderPage(c, deps, { title: 'Dashboard', active: 'dashboard', charts: true, body }));
  });

  // The same figures as JSON for scripts: always the session's account, never a parameter.
  app.get('/api/dashboard', validQuery(rangeQuery), async (c) =>
    c.json((await loadDashboardPage(deps, c.get('user')!, c.req.valid('query'))).dashboard),
  );
}
