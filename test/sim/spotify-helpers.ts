/**
 * Test helpers that talk to the Spotify simulator over real HTTP, the way encore's
 * client will: authorize (auto-consent) → code → token, then Bearer calls.
 */
import { randomBytes } from 'node:crypto';
import { pkceChallenge, type SpotifySim } from '../../sim/spotify/index.ts';

export const REDIRECT_URI = 'http://127.0.0.1:8888/callback';

export const ALL_SCOPES = [
  'user-read-recently-played',
  'user-read-currently-playing',
  'user-top-read',
  'playlist-read-private',
  'playlist-modify-private',
  'playlist-modify-public',
].join(' ');

export interface AuthorizeOptions {
  userId?: string;
  scope?: string;
  redirectUri?: string;
  verifier?: string;
}

/** Follows /authorize without redirects; returns the Location it pointed at. */
export async function authorize(
  sim: SpotifySim,
  options: AuthorizeOptions & { verifier: string },
): Promise<Response> {
  const params = new URLSearchParams({
    client_id: sim.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri ?? REDIRECT_URI,
    code_challenge_method: 'S256',
    code_challenge: pkceChallenge(options.verifier),
    scope: options.scope ?? ALL_SCOPES,
    state: 'state-123',
  });
  if (options.userId) params.set('sim_user', options.userId);
  return fetch(`${sim.accountsUrl}/authorize?${params}`, { redirect: 'manual' });
}

export async function getCode(sim: SpotifySim, options: AuthorizeOptions = {}) {
  const verifier = options.verifier ?? randomBytes(48).toString('base64url');
  const res = await authorize(sim, { ...options, verifier });
  if (res.status !== 302) throw new Error(`authorize: ${res.status} ${await res.text()}`);
  const location = new URL(res.headers.get('location') ?? '');
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`authorize redirected without code: ${location}`);
  return { code, verifier, location };
}

export async function tokenRequest(
  sim: SpotifySim,
  form: Record<string, string>,
  basicAuth = false,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basicAuth) {
    headers.authorization = `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64')}`;
  }
  const res = await fetch(`${sim.accountsUrl}/api/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

/** The whole PKCE connect flow for one simulated user. */
export async function connect(sim: SpotifySim, options: AuthorizeOptions = {}): Promise<Tokens> {
  const { code, verifier } = await getCode(sim, options);
  const { status, body } = await tokenRequest(sim, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: options.redirectUri ?? REDIRECT_URI,
    client_id: sim.clientId,
    code_verifier: verifier,
  });
  if (status !== 200) throw new Error(`token: ${status} ${JSON.stringify(body)}`);
  return { accessToken: body.access_token as string, refreshToken: body.refresh_token as string };
}

/** A fetch bound to the Web API with a bearer token. */
export function apiClient(sim: SpotifySim, accessToken: string) {
  return (path: string, init: RequestInit = {}) =>
    fetch(`${sim.apiUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
