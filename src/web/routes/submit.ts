import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_LISTEN_BYTES, MAX_LISTENS_PER_REQUEST, parseSubmission } from '../../submit/listens.ts';
import { storeSubmittedListens } from '../../submit/store-listens.ts';
import { accountForToken } from '../../submit/tokens.ts';
import type { WebDeps, WebEnv } from '../context.ts';

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
      const userId = await accountForToken(deps.db, token, deps.clock.now());
      if (!userId) {
        deps.logger.warn('submit refused: unknown or revoked token', { path: c.req.path });
        return fail(c, 401, 'Invalid authorization token.');
      }
      const raw = await c.req.text();
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return fail(c, 400, 'Cannot parse JSON document: the body is not valid JSON.');
      }
      const parsed = parseSubmission(body, deps.clock.now());
      if (!parsed.ok) return fail(c, 400, parsed.error);
      // "Playing now" is a notice, not a play: the play itself is submitted when it ends.
      if (parsed.listenType === 'playing_now') return c.json({ status: 'ok' });
      const outcome = await storeSubmittedListens(deps.db, userId, parsed.listens, raw, deps.clock.now());
      deps.logger.info('listens submitted', { type: parsed.listenType, ...outcome });
      return c.json({ status: 'ok' });
    },
  );
}
