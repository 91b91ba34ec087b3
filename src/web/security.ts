import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { findUser } from '../store/users.ts';
import type { WebContext, WebDeps, WebEnv } from './context.ts';
import { errorPage } from './layout.ts';
import { findSession, SESSION_TTL_MS } from './sessions.ts';

export const SESSION_COOKIE = 'encore_session';
export const LOGIN_COOKIE = 'encore_login';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Cookies get `Secure` when the browser talks HTTPS: directly, or through a proxy that
 * says so in X-Forwarded-Proto. ENCORE_SECURE_COOKIES=true/false overrides the guess.
 */
export function cookiesAreSecure(c: WebContext, deps: WebDeps): boolean {
  const setting = deps.config.web.secureCookies;
  if (setting !== undefined) return setting;
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || new URL(c.req.url).protocol === 'https:';
}

export function setSessionCookie(c: WebContext, deps: WebDeps, id: string): void {
  setCookie(c, SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: cookiesAreSecure(c, deps),
    path: '/',
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(c: WebContext, deps: WebDeps): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: cookiesAreSecure(c, deps), httpOnly: true });
}

/**
 * Binds a sign-in attempt to the browser that started it: the callback must come back
 * with this cookie, so nobody can sign a victim's browser into another account by
 * sending them a callback link (login CSRF).
 */
export function setLoginCookie(c: WebContext, deps: WebDeps, state: string): void {
  setCookie(c, LOGIN_COOKIE, state, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: cookiesAreSecure(c, deps),
    path: '/',
    maxAge: 600,
  });
}

/** Loads the session named by the cookie (if any) and the account it belongs to. */
export function sessionLoader(deps: WebDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) {
      const session = await findSession(deps.db, id, deps.clock.now());
      if (session) {
        const user = await findUser(deps.db, session.userId);
        c.set('session', session);
        c.set('sessionId', id);
        c.set('user', {
          userId: session.userId,
          displayName: user?.display_name ?? null,
          timeZone: user?.time_zone ?? deps.config.timeZone,
        });
      }
    }
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer-token CSRF check on every state-changing request: the session's token must
 * come back in the `_csrf` form field or the X-CSRF-Token header. Job triggers are exempt
 * because they carry their own bearer secret and no cookie is involved.
 */
export function csrfGuard(deps: WebDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.req.path.startsWith('/jobs/')) return next();
    const session = c.get('session');
    let given = c.req.header(CSRF_HEADER) ?? '';
    if (!given) {
      const type = c.req.header('content-type') ?? '';
      if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
        const body = await c.req.parseBody();
        const field = body[CSRF_FIELD];
        given = typeof field === 'string' ? field : '';
      }
    }
    if (!session || !given || !safeEqual(given, session.csrfToken)) {
      deps.logger.warn('request refused: missing or wrong CSRF token', { path: c.req.path });
      return errorPage(c, deps, 403, 'This form has expired', [
        'The page you sent it from is out of date, or you are no longer signed in.',
        'Go back, reload the page and try again.',
      ]);
    }
    return next();
  };
}

/** Pages need a signed-in account; without one they send the browser to sign in. */
export function requireUser(deps: WebDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.get('user')) return next();
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'sign in first' }, 401);
    if (c.req.method !== 'GET') return errorPage(c, deps, 403, 'Sign in first', []);
    return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 302);
  };
}

/** Only local paths are accepted as a place to return to after sign-in (no open redirect). */
export function safeNext(value: string | undefined): string {
  return value && /^\/(?![/\\])[\w\-/.?=&%]*$/.test(value) ? value : '/';
}
