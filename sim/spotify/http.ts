/**
 * Shared HTTP pieces for the simulator's routes: the Hono environment, Spotify's error
 * body, and small guards (user token, scope, tier, query integers).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccessContext } from './auth.ts';
import type { RenderContext } from './objects.ts';
import { mountPrefix } from './paths.ts';
import type { SimUser, SpotifySimState } from './state.ts';

export type SimEnv = {
  Variables: {
    access: AccessContext;
    user: SimUser | undefined;
  };
};

export type SimContext = Context<SimEnv>;

/** Every Web API error looks like this on the real service. */
export function apiError(c: Context, status: number, message: string, extra: Record<string, unknown> = {}) {
  return c.json({ error: { status, message, ...extra } }, status as ContentfulStatusCode);
}

export const forbidden = (c: Context) => apiError(c, 403, 'Forbidden');
export const notFound = (c: Context) => apiError(c, 404, 'Resource not found');

/** The user behind the token; routes behind `requireUserToken` always have one. */
export function currentUser(c: SimContext): SimUser {
  const user = c.get('user');
  if (!user) throw new Error('route needs requireUserToken');
  return user;
}

/** User endpoints refuse app-only (client-credentials) tokens. UNCONFIRMED message. */
export const requireUserToken: MiddlewareHandler<SimEnv> = async (c, next) => {
  if (!c.get('user')) return apiError(c, 401, 'Unauthorized.');
  await next();
};

/** Passes when the token carries any one of `scopes`. */
export function hasScope(c: SimContext, ...scopes: string[]): boolean {
  const granted = c.get('access').scope;
  return scopes.some((s) => granted.includes(s));
}

export function requireScope(...scopes: string[]): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (!hasScope(c, ...scopes)) return apiError(c, 403, 'Insufficient client scope');
    await next();
  };
}

/** Endpoints Spotify cut for Development Mode apps answer 403 there. */
export function extendedOnly(state: SpotifySimState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (state.tier === 'development') return forbidden(c);
    await next();
  };
}

/**
 * Reads an integer query parameter. Returns the default when absent, or an error
 * message when malformed or out of range.
 */
export function intParam(
  c: Context,
  name: string,
  fallback: number,
  min: number,
  max: number,
): { ok: true; value: number } | { ok: false; message: string } {
  const raw = c.req.query(name);
  if (raw === undefined || raw === '') return { ok: true, value: fallback };
  if (!/^-?\d+$/.test(raw)) return { ok: false, message: `Invalid ${name}` };
  const value = Number(raw);
  if (value < min || value > max) return { ok: false, message: `Invalid ${name}` };
  return { ok: true, value };
}

export function renderContext(c: Context, state: SpotifySimState): RenderContext {
  const url = new URL(c.req.url);
  return { baseUrl: url.origin + mountPrefix(url.pathname), tier: state.tier, catalog: state.catalog };
}

/** Reads a JSON body; undefined when it is missing or not JSON. */
export async function jsonBody(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    const body = await c.req.json();
    return body && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
