import type { Context, Hono } from 'hono';
import { loadDashboard } from '../../analytics/index.ts';
import { firstPlayAt } from '../../analytics/play-span.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { renderPage } from '../layout.ts';
import { chooseRange } from '../range-picker.ts';
import { dashboardView } from '../views/dashboard.ts';

/** The dashboard of the session's account for the range in the query string. */
async function dashboardFor(deps: WebDeps, c: Context<WebEnv>) {
  const user = c.get('user')!;
  const choice = chooseRange(
    c.req.query(),
    deps.clock.now(),
    user.timeZone,
    await firstPlayAt(deps.db, user.userId),
  );
  const dashboard = await loadDashboard(
    deps.db,
    { userId: user.userId, from: choice.from, to: choice.to, timeZone: user.timeZone, metric: choice.metric },
    { bucket: choice.bucket, limit: 10 },
  );
  return { choice, dashboard };
}

export function registerDashboardRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/', async (c) => {
    const { choice, dashboard } = await dashboardFor(deps, c);
    return c.html(
      renderPage(c, deps, {
        title: 'Dashboard',
        active: 'dashboard',
        charts: true,
        body: dashboardView(dashboard, choice),
      }),
    );
  });

  // The same figures as JSON for scripts: always the session's account, never a parameter.
  app.get('/api/dashboard', async (c) => c.json((await dashboardFor(deps, c)).dashboard));
}
