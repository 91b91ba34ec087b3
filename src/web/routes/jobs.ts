import type { Hono } from 'hono';
import type { WebDeps, WebEnv } from '../context.ts';
import { safeEqual } from '../security.ts';

/**
 * Job triggers for an external scheduler (cloud deployments): POST with
 * `Authorization: Bearer <ENCORE_JOB_SECRET>`. No cookie is read here, and without a
 * configured secret the endpoints refuse everything.
 */
export function registerJobRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.post('/jobs/:name', async (c) => {
    const secret = deps.config.jobSecret;
    const given = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
    if (!secret || !given || !safeEqual(given, secret))
      return c.json({ error: 'a valid bearer secret (ENCORE_JOB_SECRET) is required' }, 401);
    if (!deps.scheduler) return c.json({ error: 'no scheduler' }, 503);
    const report = await deps.scheduler.trigger(c.req.param('name')).catch(() => null);
    if (report === null) return c.json({ error: 'unknown job' }, 404);
    return c.json(report ?? { ok: true });
  });
}
