import type { Hono } from 'hono';
import { checkReadiness } from '../../ops/readiness.ts';
import type { WebDeps, WebEnv } from '../context.ts';

/**
 * Probes for container platforms. `/healthz` is liveness — the process answers HTTP; it
 * never touches the database, so a slow query cannot get a healthy instance restarted.
 * `/readyz` is readiness — 503 until the database is open and migrated.
 */
export function registerHealthRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/healthz', (c) => c.json({ ok: true, demo: deps.config.demo }));
  app.get('/readyz', async (c) => {
    const result = await checkReadiness(deps.db);
    if (!result.ready) {
      deps.logger.warn('not ready', { problem: result.problem });
      return c.json({ ready: false, error: result.problem }, 503);
    }
    return c.json({ ready: true, migrations: result.migrations });
  });
}
