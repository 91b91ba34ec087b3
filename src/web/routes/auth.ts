import type { Hono } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { backfillConnectedAccount } from '../../jobs/backfill.ts';
import { beginConnect, completeConnect, ConnectError, type PendingConnect } from '../../spotify/connect.ts';
import { listUsers } from '../../store/users.ts';
import type { WebContext, WebDeps, WebEnv } from '../context.ts';
import { html } from 'hono/html';
import { errorPage, renderPage } from '../layout.ts';
import {
  clearSessionCookie,
  LOGIN_COOKIE,
  safeEqual,
  safeNext,
  SESSION_COOKIE,
  setLoginCookie,
  setSessionCookie,
} from '../security.ts';
import { createSession, deleteSession } from '../sessions.ts';

const PENDING_TTL_MS = 10 * 60_000;

interface PendingSignIn extends PendingConnect {
  at: number;
  next: string;
}

/** Sign in with Spotify (the PKCE connect flow), the callback, and sign-out. */
export function registerAuthRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  const pending = new Map<string, PendingSignIn>();

  app.get('/signin', async (c) => {
    if (c.get('user')) return c.redirect('/', 302);
    return c.html(await signInPage(c, deps, safeNext(c.req.query('next'))));
  });

  app.get('/login', (c) => {
    const canonical = loopbackTwin(c.req.url, deps.config.spotify.redirectUri);
    if (canonical) return c.redirect(canonical, 302);
    const as = c.req.query('as');
    // A demo account that does not exist would silently sign in as the simulator's default one.
    const demoAccounts = deps.services.demoAccounts;
    if (deps.config.demo && as && !demoAccounts.includes(as))
      return errorPage(c, deps, 400, 'No such demo account', [
        `There is no demo account "${as}".`,
        `The demo accounts are ${demoAccounts.join(', ')}; pick one on the sign-in page.`,
      ]);
    const attempt = beginConnect(deps.services.spotify);
    const now = deps.clock.now();
    for (const [key, value] of pending) if (now - value.at > PENDING_TTL_MS) pending.delete(key);
    pending.set(attempt.state, { ...attempt, at: now, next: safeNext(c.req.query('next')) });
    setLoginCookie(c, deps, attempt.state);
    const url = new URL(attempt.url);
    // Demo mode: the simulator's authorize page consents as the account named here.
    if (deps.config.demo && as && demoAccounts.includes(as)) url.searchParams.set('sim_user', as);
    return c.redirect(url.toString(), 302);
  });

  app.get(new URL(deps.config.spotify.redirectUri).pathname, async (c) => {
    const state = c.req.query('state') ?? '';
    const attempt = pending.get(state);
    pending.delete(state);
    const bound = getCookie(c, LOGIN_COOKIE) ?? '';
    deleteCookie(c, LOGIN_COOKIE, { path: '/' });
    if (!attempt || deps.clock.now() - attempt.at > PENDING_TTL_MS || !bound || !safeEqual(bound, state)) {
      return errorPage(c, deps, 400, 'Sign-in expired', [
        'This sign-in link expired or was started in another browser.',
        'Start again from the sign-in page.',
      ]);
    }
    let account;
    try {
      account = await completeConnect(
        { db: deps.db, spotify: deps.services.spotify, clock: deps.clock },
        attempt,
        {
          code: c.req.query('code'),
          state,
          error: c.req.query('error'),
        },
      );
    } catch (error) {
      if (error instanceof ConnectError) return errorPage(c, deps, 400, 'Sign-in failed', [error.message]);
      throw error;
    }
    await firstCapture(deps, account.userId);
    const { id } = await createSession(
      deps.db,
      account.userId,
      deps.clock.now(),
      getCookie(c, SESSION_COOKIE),
    );
    setSessionCookie(c, deps, id);
    return c.redirect(attempt.next, 302);
  });

  app.post('/logout', async (c) => {
    const id = c.get('sessionId');
    if (id) await deleteSession(deps.db, id);
    clearSessionCookie(c, deps);
    return c.redirect('/signin', 303);
  });
}

/** Fetches the new account's recent plays at once, so the first page is not empty. */
async function firstCapture(deps: WebDeps, userId: string): Promise<void> {
  try {
    await backfillConnectedAccount(
      { db: deps.db, spotify: deps.services.spotify.client, clock: deps.clock, logger: deps.logger },
      userId,
      deps.config.capture,
    );
  } catch (error) {
    // Signing in still works; the scheduler's next pass captures what this one missed.
    deps.logger.warn('first capture after sign-in failed', { error: (error as Error).message });
  }
}

async function signInPage(c: WebContext, deps: WebDeps, next: string): Promise<string> {
  const names = new Map((await listUsers(deps.db)).map((u) => [u.user_id, u.display_name]));
  const nextParam = next === '/' ? '' : `&next=${encodeURIComponent(next)}`;
  const demo = deps.config.demo
    ? html`<section class="card narrow" aria-labelledby="demo-accounts">
        <h2 id="demo-accounts">Or try a demo account</h2>
        <p class="muted small">
          Simulated listeners with several weeks of history. No Spotify account needed.
        </p>
        <ul class="signin-list">
          ${deps.services.demoAccounts.map(
            (id) =>
              html`<li>
                <a class="button secondary" href="/login?as=${id}${nextParam}"
                  >Sign in as ${names.get(id) ?? demoName(id)}</a
                >
              </li>`,
          )}
        </ul>
      </section>`
    : '';
  const body = html`<section class="hero">
      <h1>Your listening, kept forever</h1>
      <p class="muted">Every play of your Spotify account, your dashboard, and the shows near you.</p>
      <p>
        <a class="button" href="/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}"
          >Sign in with Spotify</a
        >
      </p>
    </section>
    ${demo}`;
  return renderPage(c, deps, { title: 'Sign in', body });
}

/** "demo-alice" → "Alice (demo)", as the simulator names its accounts, before the first sign-in. */
function demoName(id: string): string {
  const name = id.replace(/^demo-/, '');
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} (demo)`;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Spotify sends the browser back to the redirect URI's host (127.0.0.1). A sign-in started
 * on http://localhost would set its cookies on another host and never see them again, so
 * it is moved to the redirect URI's host first. Undefined when no move is needed.
 */
export function loopbackTwin(requestUrl: string, redirectUri: string): string | undefined {
  const here = new URL(requestUrl);
  const there = new URL(redirectUri);
  if (here.hostname === there.hostname) return undefined;
  if (!LOOPBACK_NAMES.has(here.hostname) || !LOOPBACK_NAMES.has(there.hostname)) return undefined;
  return `${there.protocol}//${there.host}${here.pathname}${here.search}`;
}
