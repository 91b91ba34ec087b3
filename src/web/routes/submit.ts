import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_LISTEN_BYTES, MAX_LISTENS_PER_REQUEST } from '../../submit/listens.ts';
import { accountForToken } from '../../submit/tokens.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { receiveListens } from '../loaders/submit.ts';

/** The largest document ListenBrainz's own limits allow, plus room for the envelope. */
export const MAX_SUBMIT_BODY_BYTES = MAX_LISTENS_PER_REQUEST * MAX_LISTEN_BYTES + 64 * 1024;

/** `Authorization: Token <token>` as ListenBrainz clients send it (Bearer accepted too). */
function tokenFrom(c: Context<WebEnv>): string | null {
  const match = /^(?:Token|Bearer)\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
  return match?.[1] ?? null;
}

/** ListenBrainz's error shape: `{"code": 400, "error": "…"}`. */
function fail(c: Context<WebEnv>, code: 400 | 401 | 413, error: string) {
  return c.json({ code, error }, code);
}

/**
 * A ListenBrainz-compatible submit API, so Navidrome, Jellyfin plugins, multi-scrobbler
 * and other scrobblers can send their plays in: point them at this server's URL as a
 * "custom ListenBrainz server" with a token from `encore token create`. No cookie is read
 * (and no CSRF token needed): the token alone names the account.
 */
export function registerSubmitRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/1/validate-token', async (c) => {
    const token = tokenFrom(c) ?? c.req.query('token') ?? null;
    if (!token) return fail(c, 400, 'You need to provide an Authorization token.');
    const userId = await accountForToken(deps.db, token, deps.clock.now());
    if (!userId) return c.json({ code: 200, message: 'Token invalid.', valid: false });
    return c.json({ code: 200, message: 'Token valid.', valid: true, user_name: userId });
  });

  app.post(
    '/1/submit-listens',
    bodyLimit({
      maxSize: MAX_SUBMIT_BODY_BYTES,
      onError: (c) =>
        fail(c as Context<WebEnv>, 413, `Payload too large: at most ${MAX_SUBMIT_BODY_BYTES} bytes.`),
    }),
    async (c) => {
      const token = tokenFrom(c);
      if (!token) return fail(c, 401, 'You need to provide an Authorization token.');
      const refused = await receiveListens(deps, token, await c.req.text());
      if (refused) return fail(c, refused.code, refused.error);
      return c.json({ status: 'ok' });
    },
  );
}
