import type { Hono } from 'hono';
import { z } from 'zod';
import type { WebDeps, WebEnv } from '../context.ts';
import { forwardRetry } from '../loaders/forward.ts';
import { validParams } from '../validate.ts';

const targetParams = z.object({ target: z.string() });

/**
 * `POST /status/forward/<target>/retry` (CSRF-checked like every form): queues the target's
 * dead letters and forwards at once, then back to the Status page with what happened. A
 * target of another account is a 404, as if it did not exist.
 */
export function registerForwardRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const retry = forwardRetry(deps);
  app.post('/status/forward/:target/retry', validParams(targetParams), async (c) => {
    const done = await retry(c.get('user')!, c.req.valid('param').target);
    if (!done) return c.text('No such forward target', 404);
    // Numbers only in the URL: the sentence is written by the Status page, never reflected.
    return c.redirect(`/status?retried=${done.queued}&left=${done.left}#forward`, 303);
  });
}
