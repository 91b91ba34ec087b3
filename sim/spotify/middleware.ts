/**
 * Cross-cutting behaviour, outermost first: log the request, fire any queued fault,
 * apply the optional rate limit, then authenticate the bearer token.
 */
import type { MiddlewareHandler } from 'hono';
import { corruptBody, type FaultKind, truncateBody } from './faults.ts';
import { wildPayload } from './wild-payloads.ts';
import { apiError, type SimEnv } from './http.ts';
import { isApiPath, simPath } from './paths.ts';
import type { SpotifySimState } from './state.ts';

export function requestLogger(state: SpotifySimState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const at = state.clock.now();
    const url = new URL(c.req.url);
    const path = simPath(url.pathname);
    try {
      await next();
    } finally {
      state.requestLog.record({
        method: c.req.method,
        path,
        query: Object.fromEntries(url.searchParams),
        status: c.res.status,
        at,
        userId: c.get('user')?.spec.id,
      });
    }
  };
}

export function faultInjector(state: SpotifySimState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const fault = state.faults.take(c.req.method, simPath(new URL(c.req.url).pathname));
    if (!fault) return next();
    const early = shortCircuit(c, fault);
    if (early) return early;
    if (fault.kind === 'slow') {
      await wallClockDelay(fault.delayMs, c.req.raw.signal);
      return next();
    }
    await next();
    await rewriteResponse(c, fault);
  };
}

/** Faults that answer instead of the endpoint (nothing behind them runs). */
function shortCircuit(c: Parameters<MiddlewareHandler<SimEnv>>[0], fault: FaultKind): Response | undefined {
  if (fault.kind === 'rate_limit') {
    c.header('Retry-After', String(fault.retryAfterSeconds));
    return apiError(c, 429, 'API rate limit exceeded');
  }
  if (fault.kind === 'quota_exceeded') {
    c.header('Retry-After', String(fault.retryAfterSeconds));
    return apiError(c, 429, 'Too many requests', { reason: 'QUOTA_EXCEEDED' });
  }
  if (fault.kind === 'server_error') {
    const status = fault.status ?? 500;
    const message =
      status === 502 ? 'Bad gateway.' : status === 503 ? 'Service unavailable' : 'Server error.';
    return apiError(c, status, message);
  }
  return undefined;
}

/** Faults that let the endpoint run (with its side effects) and then spoil the body. */
async function rewriteResponse(c: Parameters<MiddlewareHandler<SimEnv>>[0], fault: FaultKind): Promise<void> {
  const text = await c.res.text();
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  if (fault.kind === 'malformed_json') {
    c.res = new Response(truncateBody(text), { status: 200, headers });
    return;
  }
  if (fault.kind === 'wild_payloads') {
    if (c.res.status >= 300 && c.res.status !== 204) {
      c.res = new Response(text, { status: c.res.status, headers });
      return;
    }
    const path = simPath(new URL(c.req.url).pathname);
    const body = wildPayload(path, parseOrNull(text));
    c.res = new Response(JSON.stringify(body), { status: 200, headers });
    return;
  }
  if (fault.kind !== 'unexpected_shape') return;
  if (c.res.status >= 300) {
    c.res = new Response(text, { status: c.res.status, headers });
    return;
  }
  c.res = new Response(JSON.stringify(corruptBody(parseOrNull(text), fault.variant)), {
    status: 200,
    headers,
  });
}

function parseOrNull(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function wallClockDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function rateLimiter(state: SpotifySimState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    if (!state.limiter || !isApiPath(simPath(new URL(c.req.url).pathname))) return next();
    const decision = state.limiter.admit();
    if (decision.ok) return next();
    c.header('Retry-After', String(decision.retryAfterSeconds));
    return apiError(c, 429, 'API rate limit exceeded');
  };
}

/** Resolves the bearer token to a user (or an app-only token) for every `/v1` route. */
export function bearerAuth(state: SpotifySimState): MiddlewareHandler<SimEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    if (!header) return apiError(c, 401, 'No token provided');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return apiError(c, 400, 'Only valid bearer authentication supported');
    const lookup = state.auth.lookupAccessToken(match[1]);
    if (!lookup.ok) {
      return apiError(
        c,
        401,
        lookup.reason === 'expired' ? 'The access token expired' : 'Invalid access token',
      );
    }
    c.set('access', lookup.context);
    const user = lookup.context.userId ? state.user(lookup.context.userId) : undefined;
    c.set('user', user);
    // Development Mode: users missing from the dashboard allow-list get 403 everywhere.
    if (user && state.tier === 'development' && user.spec.allowListed === false) {
      return apiError(
        c,
        403,
        'Check settings on developer.spotify.com/dashboard, the user may not be registered.',
      );
    }
    await next();
  };
}
