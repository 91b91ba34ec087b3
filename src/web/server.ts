import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { registerAssets } from './assets.ts';
import type { WebDeps, WebEnv } from './context.ts';
import { errorResponse } from './errors.ts';
import { errorPage } from './layout.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerJobRoutes } from './routes/jobs.ts';
import { registerBackupJobRoute } from './routes/backup.ts';
import { registerPageRoutes } from './routes/index.ts';
import { registerMetricsRoutes } from './routes/metrics.ts';
import { registerSubmitRoutes } from './routes/submit.ts';
import { registerSharePage } from './routes/share.ts';
import { csrfGuard, requireUser, sessionLoader } from './security.ts';
import { purgeExpiredSessions } from '../store/web-sessions.ts';

export type { WebDeps } from './context.ts';

/** Paths that work without a session; everything else needs a signed-in account. */
function isPublic(path: string, callbackPath: string): boolean {
  return (
    path === '/signin' ||
    path === '/login' ||
    path === '/logout' ||
    path === callbackPath ||
    path === '/healthz' ||
    path === '/readyz' ||
    path.startsWith('/assets/') ||
    path.startsWith('/jobs/') ||
    path.startsWith('/1/') ||
    path.startsWith('/share/') ||
    path === '/metrics'
  );
}

/**
 * The web app: sign-in with Spotify, the pages of one signed-in account, a small JSON
 * API for the pages' scripts, static assets, and job triggers for an external scheduler.
 */
export function createWebApp(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const callbackPath = new URL(deps.config.spotify.redirectUri).pathname;

  app.onError((error, c) => errorResponse(c, deps, error));
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: 'not found' }, 404)
      : errorPage(c, deps, 404, 'Not found', ['There is nothing here, or it belongs to another account.']),
  );

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Observable Plot writes style attributes and a <style> element into its SVG.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Cover art is linked where Spotify serves it; in demo mode that is the simulator.
        imgSrc: [
          "'self'",
          'data:',
          'https:',
          ...(deps.services.demoSim ? [new URL(deps.services.demoSim.url).origin] : []),
        ],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    }),
  );

  registerHealthRoutes(app, deps);
  registerAssets(app);
  registerBackupJobRoute(app, deps);
  registerJobRoutes(app, deps);
  registerSubmitRoutes(app, deps);
  // Before the session middleware: a share page never reads the visitor's cookie.
  registerSharePage(app, deps);
  registerMetricsRoutes(app, deps);

  app.use('*', sessionLoader(deps));
  app.use('*', csrfGuard(deps));
  registerAuthRoutes(app, deps);

  const guard = requireUser(deps);
  app.use('*', (c, next) => (isPublic(c.req.path, callbackPath) ? next() : guard(c, next)));
  registerPageRoutes(app, deps);

  void purgeExpiredSessions(deps.db, deps.clock.now()).catch(() => undefined);
  return app;
}

export interface RunningWeb {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function startWebServer(
  // The Hono app, or a wrapper around its fetch (remote state on Cloud Run: src/cloud/remote-web.ts).
  app: { fetch(request: Request, env?: unknown): Response | Promise<Response> },
  host: string,
  port: number,
  warn?: (message: string) => void,
): Promise<RunningWeb> {
  if (!LOOPBACK.has(host))
    warn?.(
      `the web server listens on ${host}, not only this machine: put it behind HTTPS (a reverse proxy) and set ENCORE_SECURE_COOKIES=true`,
    );
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
        close: () =>
          new Promise((done) => {
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.on('error', reject);
  });
}
