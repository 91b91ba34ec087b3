import { timingSafeEqual } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { accountStatuses, describeProblem } from '../app/account-status.ts';
import type { Scheduler } from '../app/scheduler.ts';
import type { Services } from '../app/services.ts';
import { formatDate, formatLocalTime } from '../cli/format.ts';
import type { Config } from '../config/config.ts';
import { captureUser } from '../jobs/capture/capture.ts';
import { newRunReport } from '../jobs/job-runs.ts';
import { beginConnect, completeConnect, type PendingConnect } from '../spotify/connect.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { redact } from '../util/redact.ts';
import { html, page } from './html.ts';

export interface WebDeps {
  config: Config;
  db: Db;
  services: Services;
  clock: Clock;
  logger: Logger;
  scheduler?: Scheduler;
}

const PENDING_TTL_MS = 10 * 60_000;

/** The web app: status, Spotify sign-in, and job triggers for an external scheduler. */
export function createWebApp(deps: WebDeps): Hono {
  const app = new Hono();
  const pending = new Map<string, PendingConnect & { at: number }>();

  app.onError((error, c) => {
    deps.logger.error('request failed', { path: c.req.path, error: redact((error as Error).message) });
    return c.html(
      page({
        title: 'Error',
        demo: deps.config.demo,
        body: html`<div class="card">
          <h1>Something went wrong</h1>
          <p>The error was logged. Try again, or check <code>encore status</code>.</p>
        </div>`,
      }),
      500,
    );
  });

  app.get('/healthz', (c) => c.json({ ok: true, demo: deps.config.demo }));

  app.get('/', async (c) => {
    const now = deps.clock.now();
    const tz = deps.config.timeZone;
    const statuses = await accountStatuses(deps.db, deps.services.spotify.tokens, now);
    const rows = statuses.map(
      (s) =>
        html`<div class="card">
          <h2>${s.displayName ?? s.userId}</h2>
          <p>
            ${s.playsStored} plays stored · last capture
            ${s.lastCaptureAt ? formatLocalTime(s.lastCaptureAt, tz) : 'never'} · next poll
            ${s.nextPollAt ? formatLocalTime(s.nextPollAt, tz) : '—'}
          </p>
          ${s.problems.map(
            (p) =>
              html`<p class="problem">
                ${describeProblem(
                  p,
                  (ms) => formatLocalTime(ms, tz),
                  (ms) => formatDate(ms, tz),
                )}
              </p>`,
          )}
        </div>`,
    );
    const body = html`<h1>Your listening, kept forever</h1>
      ${statuses.length ? rows : html`<p>No Spotify account is connected yet.</p>`}
      <p><a class="button" href="/login">Connect a Spotify account</a></p>`;
    return c.html(page({ title: 'Status', demo: deps.config.demo, body }));
  });

  app.get('/api/status', async (c) =>
    c.json(await accountStatuses(deps.db, deps.services.spotify.tokens, deps.clock.now())),
  );

  app.get('/login', (c) => {
    const attempt = beginConnect(deps.services.spotify);
    const now = deps.clock.now();
    for (const [key, value] of pending) if (now - value.at > PENDING_TTL_MS) pending.delete(key);
    pending.set(attempt.state, { ...attempt, at: now });
    return c.redirect(attempt.url, 302);
  });

  app.get(new URL(deps.config.spotify.redirectUri).pathname, async (c) => {
    const state = c.req.query('state') ?? '';
    const attempt = pending.get(state);
    pending.delete(state);
    if (!attempt)
      return c.html(
        page({
          title: 'Sign-in expired',
          demo: deps.config.demo,
          body: html`<p>This sign-in link expired. <a href="/login">Try again</a>.</p>`,
        }),
        400,
      );
    const account = await completeConnect(
      { db: deps.db, spotify: deps.services.spotify, clock: deps.clock },
      attempt,
      {
        code: c.req.query('code'),
        state,
        error: c.req.query('error'),
      },
    );
    const report = newRunReport('listen-log', account.userId, deps.clock.now());
    await captureUser(
      { db: deps.db, spotify: deps.services.spotify.client, clock: deps.clock, logger: deps.logger },
      account.userId,
      {
        activeIntervalMs: deps.config.capture.activeIntervalMs,
        idleMaxIntervalMs: deps.config.capture.idleMaxIntervalMs,
      },
      report,
    );
    return c.redirect('/', 302);
  });

  // For an external scheduler (cloud deployments): POST with `Authorization: Bearer <ENCORE_JOB_SECRET>`.
  app.post('/jobs/:name', async (c) => {
    const secret = deps.config.jobSecret;
    const given = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
    if (!secret || !safeEqual(given, secret))
      return c.json({ error: 'a valid bearer secret (ENCORE_JOB_SECRET) is required' }, 401);
    if (!deps.scheduler) return c.json({ error: 'no scheduler' }, 503);
    const report = await deps.scheduler.trigger(c.req.param('name')).catch(() => null);
    if (report === null) return c.json({ error: 'unknown job' }, 404);
    return c.json(report ?? { ok: true });
  });

  return app;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface RunningWeb {
  url: string;
  close(): Promise<void>;
}

export function startWebServer(app: Hono, host: string, port: number): Promise<RunningWeb> {
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
