// Web requests on servers configured with ENCORE_STATE_URL: a request that changes state is a
// remote-state run (download, handler, write-back with the generation precondition), pages
// follow the bucket. Two real encore servers, the Cloud Storage and Spotify simulators, all
// over HTTP on 127.0.0.1, sharing one bucket.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../sim/spotify/index.ts';
import { openAppContext } from '../../src/app/context.ts';
import { changesState, RETRY_AFTER_SECONDS, remoteWeb, rerunnable } from '../../src/cloud/remote-web.ts';
import { createSubmitToken } from '../../src/submit/tokens.ts';
import { memoryLogger } from '../../src/util/logger.ts';
import { createSession } from '../../src/web/sessions.ts';
import { CookieClient, freePort } from '../web/web-harness.ts';
import { remoteWorld, type Server, T1 } from './remote-world.ts';

const BUCKET = 'encore-web-state';
let submitToken = '';
let sessionId = '';

const world = remoteWorld({
  name: 'remote-web',
  bucket: BUCKET,
  jobSecret: 'remote-web-secret-0010',
  spotifySeed: 11,
  env: { ENCORE_STATE_MAX_AGE_SECONDS: '0' },
  // Besides the two accounts: a submit token and a web session.
  seed: async (ctx) => {
    submitToken = (await createSubmitToken(ctx.db, 'demo-alice', world.clock.now())).token;
    sessionId = (await createSession(ctx.db, 'demo-alice', world.clock.now())).id;
  },
});
const { clock, env, configOf, startServer, stored, remoteRows, trigger } = world;

let submitted = 0;

function submit(server: Server, track: string, token = submitToken) {
  // A day before the test's clock, five minutes apart: no two listens overlap.
  const listen = {
    listened_at: Math.floor(T1 / 1000) - 86_400 + 300 * submitted++,
    track_metadata: {
      artist_name: 'Cloudweb Choir',
      track_name: track,
      release_name: 'Shared Bucket',
      additional_info: { duration_ms: 200_000 },
    },
  };
  return fetch(`${server.encore.web.url}/1/submit-listens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Token ${token}` },
    body: JSON.stringify({ listen_type: 'single', payload: [listen] }),
  });
}

const page = (server: Server, path: string) =>
  fetch(`${server.encore.web.url}${path}`, { headers: { cookie: `encore_session=${sessionId}` } });

const uploads = () =>
  world.gcs.state.requests.filter(
    (r) => r.method === 'POST' && r.path.startsWith('/upload/') && r.status === 200,
  ).length;

const remoteTracks = async () =>
  (
    await remoteRows<{ name: string }>(
      `SELECT track_name AS name FROM plays WHERE source = 'listenbrainz_submit'`,
    )
  ).map((r) => r.name);

let a: Server;
let b: Server;

beforeAll(async () => {
  await world.setUp();
  a = await startServer();
  b = await startServer();
}, 60_000);

afterAll(() => world.tearDown([a, b]));

describe('web requests with ENCORE_STATE_URL', () => {
  it('a change on A is written back, survives a capture on B, and shows on B’s pages', async () => {
    const before = stored().generation;
    expect((await submit(a, 'Lantern One')).status).toBe(200);
    expect(stored().generation).toBeGreaterThan(before);
    expect(await remoteTracks()).toContain('Lantern One');
    clock.advance(10 * MINUTE);
    const capture = await trigger(b, 'capture'); // downloads the file A wrote, writes it back
    expect(capture.status).toBe(200);
    expect(await remoteTracks()).toContain('Lantern One');
    expect(
      (
        await remoteRows<{ n: number }>(
          "SELECT count(*) AS n FROM plays WHERE source <> 'listenbrainz_submit'",
        )
      )[0]!.n,
    ).toBeGreaterThan(0);
    // A change after B's run: B's page checks the bucket's generation and downloads the newer file.
    expect((await submit(a, 'Lantern Two')).status).toBe(200);
    const history = await page(b, '/history?q=Lantern');
    expect(history.status).toBe(200);
    const text = await history.text();
    expect(text).toContain('Lantern One');
    expect(text).toContain('Lantern Two');
  }, 60_000);

  it('two POSTs on two servers at once: the later writer re-runs on the newer file, both land', async () => {
    const hold = world.gcs.state.holdNextUpload();
    const first = submit(a, 'Race A'); // runs, then waits in its upload
    await hold.reached;
    const second = await submit(b, 'Race B'); // same generation downloaded, writes first
    expect(second.status).toBe(200);
    hold.release();
    expect((await first).status).toBe(200);
    expect(a.logger.lines.some((l) => l.includes('was written by another run first'))).toBe(true);
    const tracks = await remoteTracks();
    expect(tracks).toContain('Race A');
    expect(tracks).toContain('Race B');
    expect(tracks).toContain('Lantern Two');
  }, 60_000);

  it('a request that changes nothing is not written back (the generation stays)', async () => {
    await page(a, '/history'); // bring A's copy up to date first
    const generation = stored().generation;
    const writes = uploads();
    const refused = await submit(a, 'Never Stored', 'not-a-token');
    expect(refused.status).toBe(401);
    const noSession = await fetch(`${b.encore.web.url}/logout`, { method: 'POST' });
    expect(noSession.status).toBe(403); // no session, no CSRF token: refused before any change
    expect((await page(b, '/history')).status).toBe(200);
    expect(stored().generation).toBe(generation);
    expect(uploads()).toBe(writes);
    expect(await remoteTracks()).not.toContain('Never Stored');
  }, 60_000);

  it('a bucket the service may not use: a change answers 503 + Retry-After, pages keep the local copy', async () => {
    world.gcs.state.deny(BUCKET);
    try {
      const refused = await submit(a, 'Denied Song');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
      expect(await refused.text()).toMatch(/could not be saved/);
      expect(a.logger.lines.some((l) => /request not saved.*permission denied/.test(l))).toBe(true);
      const history = await page(b, '/history?q=Lantern');
      expect(history.status).toBe(200);
      expect(await history.text()).toContain('Lantern One');
      expect(b.logger.lines.some((l) => l.includes('could not check the remote state'))).toBe(true);
    } finally {
      world.gcs.state.allow(BUCKET);
    }
    expect(await remoteTracks()).not.toContain('Denied Song');
  }, 60_000);

  it('signing in on one server (the OAuth callback) and out again (POST /logout) reach the other', async () => {
    const port = await freePort();
    const c = await startServer({
      ENCORE_PORT: String(port),
      SPOTIFY_REDIRECT_URI: `http://127.0.0.1:${port}/callback`,
    });
    try {
      const sessions = async () =>
        (await remoteRows<{ n: number }>('SELECT count(*) AS n FROM web_sessions'))[0]!.n;
      const before = await sessions();
      const browser = new CookieClient(c.encore.web.url);
      await browser.signIn('demo-bob');
      expect(await sessions()).toBe(before + 1);
      const cookie = `encore_session=${browser.cookies.get('encore_session')}`;
      const onB = await fetch(`${b.encore.web.url}/history`, { headers: { cookie }, redirect: 'manual' });
      expect(onB.status).toBe(200); // B downloaded the file C wrote: it knows the session
      const csrf = await browser.csrfToken('/history');
      const out = await browser.fetch('/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrf)}`,
      });
      expect(out.status).toBe(303);
      expect(await sessions()).toBe(before);
      const afterOut = await fetch(`${b.encore.web.url}/history`, {
        headers: { cookie },
        redirect: 'manual',
      });
      expect(afterOut.status).toBe(302); // signed out everywhere, not only on C
    } finally {
      await c.encore.stop();
      await c.ctx.close();
    }
  }, 60_000);
});

describe('remoteWeb around a handler', () => {
  it('re-runs a database-only request after a lost race; a Spotify-writing one answers 503 + Retry-After', async () => {
    const logger = memoryLogger();
    const ctx = await openAppContext({ config: configOf(env()), logger, clock });
    const web = remoteWeb(ctx)!;
    const calls = { '/review/share': 0, '/playlists': 0 };
    const app = new Hono();
    for (const path of Object.keys(calls) as (keyof typeof calls)[])
      app.post(path, async (c) => {
        calls[path]++;
        await createSubmitToken(ctx.db, 'demo-bob', clock.now(), `label ${path}`);
        return c.text('saved');
      });
    const wrapped = web.wrap(app);
    const labels = async () =>
      (await remoteRows<{ label: string }>('SELECT label FROM submit_tokens')).map((r) => r.label);
    try {
      for (const path of Object.keys(calls) as (keyof typeof calls)[]) {
        const hold = world.gcs.state.holdNextUpload();
        const answer = wrapped.fetch(new Request(`http://127.0.0.1${path}`, { method: 'POST', body: 'x=1' }));
        await hold.reached;
        expect((await submit(b, `Interloper ${path}`)).status).toBe(200); // wins the race
        hold.release();
        const response = await answer;
        if (path === '/review/share') {
          expect(response.status).toBe(200);
          expect(await response.text()).toBe('saved');
          expect(calls[path]).toBe(2);
          expect(await labels()).toContain('label /review/share');
        } else {
          expect(response.status).toBe(503);
          expect(response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
          expect(await response.text()).toMatch(/Not saved: another instance saved a change/);
          expect(calls[path]).toBe(1);
          expect(await labels()).not.toContain('label /playlists');
        }
        expect(await remoteTracks()).toContain(`Interloper ${path}`);
      }
    } finally {
      await ctx.close();
    }
  }, 60_000);

  it('pages check the bucket at most once per ENCORE_STATE_MAX_AGE_SECONDS', async () => {
    const ctx = await openAppContext({
      config: configOf(env({ ENCORE_STATE_MAX_AGE_SECONDS: '3600' })),
      logger: memoryLogger(),
      clock,
    });
    const app = new Hono().get('/count', async (c) => {
      const row = await ctx.db.one<{ n: number }>(
        "SELECT count(*) AS n FROM plays WHERE source = 'listenbrainz_submit'",
      );
      return c.text(String(row?.n ?? 0));
    });
    const wrapped = remoteWeb(ctx)!.wrap(app);
    const count = async () =>
      Number(await (await wrapped.fetch(new Request('http://127.0.0.1/count'))).text());
    try {
      const remote = (await remoteTracks()).length;
      expect(await count()).toBe(remote); // first page: checked and downloaded
      const requests = world.gcs.state.requests.length;
      expect((await submit(a, 'Too Fresh')).status).toBe(200);
      const afterSubmit = world.gcs.state.requests.length;
      expect(await count()).toBe(remote); // within the hour: the local copy, no call to the bucket
      expect(world.gcs.state.requests.length).toBe(afterSubmit);
      expect(afterSubmit).toBeGreaterThan(requests);
    } finally {
      await ctx.close();
    }
  }, 60_000);

  it('says which requests change state and which may re-run', () => {
    expect(changesState('GET', '/history', '/callback')).toBe(false);
    expect(changesState('HEAD', '/', '/callback')).toBe(false);
    expect(changesState('GET', '/callback', '/callback')).toBe(true);
    expect(changesState('DELETE', '/anything', '/callback')).toBe(true);
    expect(rerunnable('GET', '/callback', '/callback')).toBe(false);
    expect(rerunnable('POST', '/playlists/pl-1/refresh', '/callback')).toBe(false);
    expect(rerunnable('POST', '/rediscover/playlist', '/callback')).toBe(false);
    expect(rerunnable('POST', '/shows/alerts/dismiss', '/callback')).toBe(true);
    expect(rerunnable('POST', '/1/submit-listens', '/callback')).toBe(true);
  });

  it('refuses a bad ENCORE_STATE_MAX_AGE_SECONDS with the setting’s name', () => {
    expect(() => configOf(env({ ENCORE_STATE_MAX_AGE_SECONDS: 'soon' }))).toThrow(
      /ENCORE_STATE_MAX_AGE_SECONDS/,
    );
    expect(() => configOf(env({ ENCORE_STATE_MAX_AGE_SECONDS: '-1' }))).toThrow(
      /ENCORE_STATE_MAX_AGE_SECONDS/,
    );
  });
});
