/**
 * The accounts service (`/accounts`): an authorize endpoint that consents at once on
 * behalf of a simulated user, and the token endpoint with PKCE, rotating refresh tokens,
 * Basic client auth and client credentials.
 */
import { type Context, Hono } from 'hono';
import type { SimClient, TokenResult } from '../auth.ts';
import type { SpotifySimState } from '../state.ts';

/** Scopes the real service knows; anything else is `invalid_scope`. */
export const KNOWN_SCOPES = new Set([
  'ugc-image-upload',
  'user-read-playback-state',
  'user-modify-playback-state',
  'user-read-currently-playing',
  'app-remote-control',
  'streaming',
  'playlist-read-private',
  'playlist-read-collaborative',
  'playlist-modify-private',
  'playlist-modify-public',
  'user-follow-modify',
  'user-follow-read',
  'user-read-playback-position',
  'user-top-read',
  'user-read-recently-played',
  'user-library-modify',
  'user-library-read',
  'user-read-email',
  'user-read-private',
]);

export function accountsRoutes(state: SpotifySimState): Hono {
  const app = new Hono();
  app.get('/authorize', (c) => authorize(c, state));
  app.post('/api/token', (c) => token(c, state));
  return app;
}

function authorize(c: Context, state: SpotifySimState): Response {
  const q = c.req.query();
  const client = state.auth.client(q.client_id ?? '');
  if (!client) return c.text('INVALID_CLIENT: Invalid client', 400);
  const redirectProblem = checkRedirectUri(q.redirect_uri, client);
  if (redirectProblem) return c.text(`INVALID_CLIENT: ${redirectProblem}`, 400);
  const redirectUri = q.redirect_uri as string;
  const back = (params: Record<string, string>) => c.redirect(withQuery(redirectUri, params, q.state), 302);
  if (q.response_type !== 'code') return back({ error: 'unsupported_response_type' });
  const scope = (q.scope ?? '').split(/[\s+]+/).filter(Boolean);
  if (scope.some((s) => !KNOWN_SCOPES.has(s))) return back({ error: 'invalid_scope' });
  const challenge = q.code_challenge ?? null;
  if (challenge !== null || q.code_challenge_method !== undefined) {
    if (q.code_challenge_method !== 'S256' || !challenge || !/^[A-Za-z0-9_-]{43,128}$/.test(challenge)) {
      return back({ error: 'invalid_request' });
    }
  }
  // A test can play the user who clicks "Cancel".
  if (q.sim_deny !== undefined) return back({ error: 'access_denied' });
  const user = state.resolveLoginUser(q.sim_user);
  if (!user) return c.text(`Unknown simulated user ${q.sim_user ?? ''}`.trim(), 400);
  const code = state.auth.issueCode({
    clientId: client.id,
    userId: user.spec.id,
    redirectUri,
    scope,
    challenge,
  });
  return back({ code });
}

/**
 * Spotify accepts HTTPS, or plain HTTP on a loopback IP literal; `localhost` is refused
 * since 2025. Registered URIs, when the client lists them, must match exactly.
 */
export function checkRedirectUri(raw: string | undefined, client: SimClient): string | undefined {
  if (!raw) return 'Invalid redirect URI';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'Invalid redirect URI';
  }
  if (client.redirectUris && !client.redirectUris.includes(raw)) return 'Invalid redirect URI';
  if (url.hostname === 'localhost') return 'Insecure redirect URI';
  if (url.protocol === 'http:' && url.hostname !== '127.0.0.1' && url.hostname !== '[::1]') {
    return 'Insecure redirect URI';
  }
  return undefined;
}

function withQuery(base: string, params: Record<string, string>, state: string | undefined): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.toString();
}

async function token(c: Context, state: SpotifySimState): Promise<Response> {
  const contentType = c.req.header('content-type') ?? '';
  // A JSON body is the classic mistake; Spotify then does not see grant_type at all.
  if (!contentType.includes('application/x-www-form-urlencoded')) {
    return tokenReply(c, tokenFail('unsupported_grant_type', 'grant_type parameter is missing'));
  }
  const form = new URLSearchParams(await c.req.text());
  const client = authenticateClient(c, state, form);
  if ('error' in client) return tokenReply(c, client.error);
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') {
    const result = state.auth.exchangeCode({
      code: form.get('code') ?? '',
      redirectUri: form.get('redirect_uri') ?? '',
      clientId: client.id,
      verifier: form.get('code_verifier') ?? undefined,
      clientAuthenticated: client.authenticated,
    });
    return tokenReply(c, result);
  }
  if (grantType === 'refresh_token') {
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) return tokenReply(c, tokenFail('invalid_request', 'refresh_token must be supplied'));
    // PKCE (public) clients rotate; Basic-authenticated clients keep their token.
    return tokenReply(
      c,
      state.auth.refresh({ refreshToken, clientId: client.id, rotate: !client.authenticated }),
    );
  }
  if (grantType === 'client_credentials') {
    if (!client.authenticated) return tokenReply(c, tokenFail('invalid_client', 'Invalid client'));
    return tokenReply(c, state.auth.clientCredentials(client.id));
  }
  if (!grantType)
    return tokenReply(c, tokenFail('unsupported_grant_type', 'grant_type parameter is missing'));
  return tokenReply(
    c,
    tokenFail(
      'unsupported_grant_type',
      'grant_type must be client_credentials, authorization_code or refresh_token',
    ),
  );
}

type ClientAuth = { id: string; authenticated: boolean } | { error: TokenResult };

/** `Authorization: Basic` (id + secret) or `client_id` in the body (PKCE). */
function authenticateClient(c: Context, state: SpotifySimState, form: URLSearchParams): ClientAuth {
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const [id = '', secret = ''] = decoded.split(':');
    const client = state.auth.client(id);
    if (!client) return { error: tokenFail('invalid_client', 'Invalid client') };
    if (client.secret !== secret) return { error: tokenFail('invalid_client', 'Invalid client secret') };
    return { id, authenticated: true };
  }
  const id = form.get('client_id') ?? '';
  if (!state.auth.client(id)) return { error: tokenFail('invalid_client', 'Invalid client') };
  return { id, authenticated: false };
}

function tokenFail(error: string, description: string): TokenResult {
  return { ok: false, status: 400, error, description };
}

function tokenReply(c: Context, result: TokenResult): Response {
  c.header('Cache-Control', 'no-store');
  if (result.ok) return c.json(result.body, 200);
  return c.json({ error: result.error, error_description: result.description }, result.status);
}
