/**
 * Backups over HTTP while `encore serve` holds the database (`encore backup` on this
 * machine goes through the control socket instead, src/control/):
 *
 * - `POST /jobs/backup` with the job bearer secret, for cron + curl and Cloud Scheduler;
 * - `POST /status/backup` from the Status page's "Download backup" button: a signed-in
 *   session, its CSRF token, and a caller on this machine — the archive holds every
 *   account and the key that decrypts their tokens, so it is not served across a network.
 *
 * Both answer with the tar.gz itself (src/ops/backup/backup.ts).
 */
import type { Context, Hono } from 'hono';
import type { WebDeps, WebEnv } from '../context.ts';
import { errorPage } from '../layout.ts';
import { makeBackup } from '../loaders/backup.ts';
import { isLocalCaller } from '../local-caller.ts';
import { authorizeJobCall } from './job-auth.ts';

async function sendBackup(c: Context<WebEnv>, deps: WebDeps): Promise<Response> {
  const { name, bytes } = await makeBackup(deps);
  return c.body(bytes, 200, {
    'content-type': 'application/gzip',
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
  });
}

/** Registered before the generic `/jobs/:name` triggers, which would answer 404 for it. */
export function registerBackupJobRoute(app: Hono<WebEnv>, deps: WebDeps): void {
  app.post('/jobs/backup', async (c) => {
    const auth = authorizeJobCall(
      c.req.header('authorization'),
      { secret: deps.config.jobSecret, invoker: deps.config.jobInvoker },
      deps.clock.now(),
    );
    if (!auth.ok) {
      deps.logger.warn('backup refused', { path: c.req.path, reason: auth.reason });
      return c.json({ error: 'a valid bearer secret (ENCORE_JOB_SECRET) or invoker token is required' }, 401);
    }
    return sendBackup(c, deps);
  });
}

/** The Status page's button (signed in; CSRF is checked by the app's guard). */
export function registerBackupPageRoute(app: Hono<WebEnv>, deps: WebDeps): void {
  app.post('/status/backup', async (c) => {
    if (!isLocalCaller(c))
      return errorPage(c, deps, 403, 'Backups are downloaded on this machine', [
        'A backup holds every account and the key to their Spotify tokens, so encore only hands it to a browser on the machine it runs on.',
        'Open the Status page there, or run `encore backup` there (it asks this server).',
      ]);
    return sendBackup(c, deps);
  });
}
