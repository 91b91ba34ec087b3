import type { Context, Hono } from 'hono';
import { renderMetrics } from '../../ops/metrics.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { isLocalCaller } from '../local-caller.ts';
import { authorizeJobCall } from './job-auth.ts';

/**
 * Who may scrape: a caller on this machine, or anyone with the job bearer secret
 * (ENCORE_JOB_SECRET / ENCORE_JOB_INVOKER, like POST /jobs). A request a reverse proxy
 * forwarded (X-Forwarded-For) is not local even though it arrives from 127.0.0.1.
 */
function mayScrape(c: Context<WebEnv>, deps: WebDeps): boolean {
  const auth = authorizeJobCall(
    c.req.header('authorization'),
    { secret: deps.config.jobSecret, invoker: deps.config.jobInvoker },
    deps.clock.now(),
  );
  return auth.ok || isLocalCaller(c);
}

export function registerMetricsRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/metrics', async (c) => {
    if (!mayScrape(c, deps)) {
      deps.logger.warn('metrics scrape refused', { path: c.req.path });
      return c.text('metrics are served to this machine, or with the job bearer secret\n', 401);
    }
    const body = await renderMetrics({ db: deps.db, counter: deps.services.spotify.counter });
    return c.body(body, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
}
