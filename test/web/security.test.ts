import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { registerSecret } from '../../src/util/redact.ts';
import { insertPlaylist } from '../../src/playlists/store.ts';
import { createWebApp } from '../../src/web/server.ts';
import { hashSessionId } from '../../src/web/sessions.ts';
import { CookieClient, startWebHarness, type WebHarness } from './web-harness.ts';

let h: WebHarness;
let alice: CookieClient;
let bob: CookieClient;

beforeAll(async () => {
  h = await startWebHarness();
  alice = new CookieClient(h.web.url);
  bob = new CookieClient(h.web.url);
  await alice.signIn('demo-alice');
  await bob.signIn('demo-bob');
});

afterAll(async () => {
  await h?.stop();
});

function sessionCookieLine(client: CookieClient): string {
  return client.setCookieHeaders.filter((l) => l.startsWith('encore_session=')).at(-1)!;
}

describe('session cookies', () => {
  it('are HttpOnly, SameSite=Lax, path-wide, and not Secure over plain http', () => {
    const line = sessionCookieLine(alice);
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
    expect(line).toMatch(/;\s*Path=\//i);
    expect(line).not.toMatch(/;\s*Secure/i);
  });

  it('are Secure behind an HTTPS proxy (X-Forwarded-Proto: https)', async () => {
    const browser = new CookieClient(h.web.url);
    const login = await browser.fetch('/login?as=demo-chen', { headers: { 'x-forwarded-proto': 'https' } });
    expect(login.headers.getSetCookie().find((l) => l.startsWith('encore_login='))).toMatch(/;\s*Secure/i);
    const consent = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const done = await browser.fetch(consent.headers.get('location')!, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(done.status).toBe(302);
    const line = done.headers.getSetCookie().find((l) => l.startsWith('encore_session='))!;
    expect(line).toMatch(/;\s*Secure/i);
    expect(line).toMatch(/;\s*HttpOnly/i);
  });

  it('follow ENCORE_SECURE_COOKIES when it is set, whatever the proxy says', async () => {
    for (const secure of [true, false]) {
      const config = { ...h.config, web: { secureCookies: secure } };
      const app = createWebApp({ ...h.ctx, config, services: h.services, clock: h.clock });
      const response = await app.request('http://127.0.0.1/login', {
        headers: { 'x-forwarded-proto': secure ? 'http' : 'https' },
      });
      const line = response.headers.getSetCookie().find((l) => l.startsWith('encore_login='))!;
      expect(/;\s*Secure/i.test(line)).toBe(secure);
      expect(line).toMatch(/;\s*HttpOnly/i);
    }
  });

  it('store only a hash of the session id, and one row per browser', async () => {
    const id = alice.cookies.get('encore_session')!;
    const rows = await h.db.all<{ session_hash: string; user_id: string }>(
      'SELECT session_hash, user_id FROM web_sessions',
    );
    expect(rows.some((r) => r.session_hash === id)).toBe(false);
    expect(rows.find((r) => r.session_hash === hashSessionId(id))?.user_id).toBe('demo-alice');
    const before = rows.filter((r) => r.user_id === 'demo-alice').length;
    const again = new CookieClient(h.web.url);
    await again.signIn('demo-alice');
    const oldId = again.cookies.get('encore_session')!;
    await again.signIn('demo-alice'); // same browser signs in again: replaces its session
    expect(again.cookies.get('encore_session')).not.toBe(oldId);
    const after = await h.db.all<{ n: number }>(
      "SELECT count(*) AS n FROM web_sessions WHERE user_id = 'demo-alice'",
    );
    expect(after[0]!.n).toBe(before + 1);
    expect((await again.fetch('/status')).status).toBe(200);
  });

  it('a callback without the browser-bound login cookie is refused (no login CSRF)', async () => {
    const attacker = new CookieClient(h.web.url);
    const login = await attacker.fetch('/login?as=demo-bob');
    const consent = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const victim = new CookieClient(h.web.url);
    const done = await victim.fetch(consent.headers.get('location')!);
    expect(done.status).toBe(400);
    expect(victim.cookies.has('encore_session')).toBe(false);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request without a token, or with a wrong one (403)', async () => {
    const none = await alice.fetch('/logout', { method: 'POST' });
    expect(none.status).toBe(403);
    const wrongForm = await alice.fetch('/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '_csrf=not-the-token',
    });
    expect(wrongForm.status).toBe(403);
    const wrongHeader = await alice.fetch('/logout', {
      method: 'POST',
      headers: { 'x-csrf-token': await bob.csrfToken() }, // another session's token
    });
    expect(wrongHeader.status).toBe(403);
    for (const path of ['/shows/match', '/playlists', '/playlists/pl_x/refresh']) {
      const form = await alice.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'performer=x&candidate=none',
      });
      expect(form.status).toBe(403);
    }
    // Still signed in: none of those did anything.
    expect((await alice.fetch('/status')).status).toBe(200);
  });

  it('accepts the right token in a form field or header, and sign-out ends the session', async () => {
    const browser = new CookieClient(h.web.url);
    await browser.signIn('demo-chen');
    const token = await browser.csrfToken();
    const id = browser.cookies.get('encore_session')!;
    const out = await browser.fetch('/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(token)}`,
    });
    expect(out.status).toBe(303);
    expect(browser.cookies.has('encore_session')).toBe(false);
    // The old cookie is dead on the server too.
    const replay = await fetch(`${h.web.url}/status`, {
      headers: { cookie: `encore_session=${id}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toMatch(/^\/signin/);
  });
});

describe('isolation', () => {
  it('shows each account only its own status', async () => {
    const mine = (await (await alice.fetch('/api/status')).json()) as Array<{ userId: string }>;
    expect(mine.map((s) => s.userId)).toEqual(['demo-alice']);
    const theirs = (await (await bob.fetch('/api/status')).json()) as Array<{ userId: string }>;
    expect(theirs.map((s) => s.userId)).toEqual(['demo-bob']);
  });

  it("answers 404 when an account edits ids to reach another account's playlist", async () => {
    await insertPlaylist(h.db, {
      key: 'pl_bobsecret01',
      userId: 'demo-bob',
      name: "Bob's shows",
      definition: {
        placeId: 'nowhere',
        windowDays: 30,
        genre: null,
        audience: 'all',
        tracksPerArtist: 3,
        maxTracks: 50,
      },
      now: new Date(h.clock.now()),
    });
    expect((await bob.fetch('/playlists/pl_bobsecret01')).status).toBe(200);
    const read = await alice.fetch('/playlists/pl_bobsecret01');
    expect(read.status).toBe(404);
    expect(await read.text()).not.toContain("Bob's shows");
    const refresh = await alice.fetch('/playlists/pl_bobsecret01/refresh', {
      method: 'POST',
      headers: { 'x-csrf-token': await alice.csrfToken() },
    });
    expect(refresh.status).toBe(404);
    expect(await (await alice.fetch('/playlists')).text()).not.toContain('pl_bobsecret01');
    const row = await h.db.one<{ last_refreshed_at: Date | null }>(
      "SELECT last_refreshed_at FROM playlists WHERE playlist_key = 'pl_bobsecret01'",
    );
    expect(row?.last_refreshed_at).toBeNull();
  });

  it("ignores user ids in query strings: pages and API read the session's account", async () => {
    const api = (await (await alice.fetch('/api/dashboard?userId=demo-bob&user=demo-bob')).json()) as {
      userId: string;
    };
    expect(api.userId).toBe('demo-alice');
    const history = await (await alice.fetch('/history?user=demo-bob&userId=demo-bob')).text();
    const total = Number(/data-total="(\d+)"/.exec(history)?.[1]);
    const mine = await h.db.one<{ n: number }>(
      "SELECT count(*) AS n FROM plays WHERE user_id = 'demo-alice'",
    );
    expect(total).toBe(mine!.n);
  });

  it('needs a session for every page and API call', async () => {
    const anonymous = new CookieClient(h.web.url);
    expect((await anonymous.fetch('/api/status')).status).toBe(401);
    expect((await anonymous.fetch('/status')).status).toBe(302);
  });
});

describe('escaping', () => {
  it('shows hostile names from the database as text, never as markup', async () => {
    const evil = '<img src=x onerror="alert(1)">';
    await h.db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_name, artist_name, ms_played, source)
       VALUES ('demo-alice', 'name:evil', ?, ?, ?, 60000, 'export_extended')`,
      [new Date(h.clock.now() - 3600_000), evil, evil],
    );
    const history = await (await alice.fetch('/history?q=onerror')).text();
    expect(history).not.toContain(evil);
    expect(history).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    const dashboard = await (await alice.fetch('/?range=7d')).text();
    expect(dashboard).not.toContain('<img src=x');
  });
});

describe('server defaults', () => {
  it('binds 127.0.0.1 unless ENCORE_HOST says otherwise', () => {
    expect(loadConfig({ env: {}, dotenvPath: null }).host).toBe('127.0.0.1');
    expect(h.web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(loadConfig({ env: { ENCORE_HOST: '0.0.0.0' }, dotenvPath: null }).host).toBe('0.0.0.0');
  });

  it('job triggers need the bearer secret even with a signed-in session and CSRF token', async () => {
    const token = await alice.csrfToken();
    const response = await alice.fetch('/jobs/capture', {
      method: 'POST',
      headers: { 'x-csrf-token': token },
    });
    expect(response.status).toBe(401);
  });

  it('sends security headers (CSP without inline scripts, no framing)', async () => {
    const response = await alice.fetch('/status');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('error pages', () => {
  it('never show a stack trace or a secret', async () => {
    const secret = 'sk-test-5ecret-value-42';
    registerSecret(secret); // as loadConfig does for every secret setting
    // Only the error path is replaced: a database that fails the way a broken one would.
    const failing = new Proxy(h.db, {
      get(target, prop) {
        if (prop === 'one' || prop === 'all')
          return () => Promise.reject(new Error(`connection to db failed, password=${secret}`));
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const app = createWebApp({ ...h.ctx, db: failing, services: h.services, clock: h.clock });
    const response = await app.request('/status', {
      headers: { cookie: `encore_session=${alice.cookies.get('encore_session')}` },
    });
    const body = await response.text();
    expect(response.status).toBe(500);
    expect(body).toContain('Something went wrong');
    expect(body).not.toContain(secret);
    expect(body).not.toContain('password');
    expect(body).not.toMatch(/\bat .*\.ts:\d+/);
    expect(h.logger.lines.join('\n')).not.toContain(secret);
  });

  it('answer unknown paths with a plain 404 page', async () => {
    const response = await alice.fetch('/no/such/page');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Not found');
  });
});
