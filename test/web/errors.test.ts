import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeferredError } from '../../src/http/errors.ts';
import { PlaylistInputError } from '../../src/playlists/definition.ts';
import { UnknownUserError } from '../../src/store/users.ts';
import { registerSecret } from '../../src/util/redact.ts';
import { createWebApp } from '../../src/web/server.ts';
import { CookieClient, startWebHarness, type WebHarness } from './web-harness.ts';

let h: WebHarness;
let cookie: string;
let app: ReturnType<typeof createWebApp>;
const secret = 'sk-errors-5ecret-value-77';

/** The error each test route throws, by name. */
const THROWN: Record<string, () => Error> = {
  input: () => new PlaylistInputError('--window must look like 90d (got "soon").'),
  missing: () => new UnknownUserError('No account "zed". Connected accounts: demo-alice.'),
  deferred: () => new DeferredError('Spotify', '/v1/me/player', 'rate_limited', h.clock.now() + 90_000),
  secret: () => new PlaylistInputError(`the key ${secret} is wrong`),
  failure: () => new Error('disk on fire'),
};

beforeAll(async () => {
  h = await startWebHarness();
  const alice = new CookieClient(h.web.url);
  await alice.signIn('demo-alice');
  cookie = `encore_session=${alice.cookies.get('encore_session')}`;
  registerSecret(secret);
  app = createWebApp({ config: h.config, db: h.db, services: h.services, clock: h.clock, logger: h.logger });
  // Routes behind the session guard, as every page is; each throws its error.
  app.get('/boom/:kind', (c) => {
    throw THROWN[c.req.param('kind')]!();
  });
  app.get('/api/boom/:kind', (c) => {
    throw THROWN[c.req.param('kind')]!();
  });
});

afterAll(async () => {
  await h?.stop();
});

const get = (path: string) => app.request(path, { headers: { cookie } });

describe('the web error mapper', () => {
  it('answers an input error with 400 and its sentence', async () => {
    const response = await get('/boom/input');
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain('Check what was sent');
    expect(body).toContain('--window must look like 90d (got &quot;soon&quot;).');
  });

  it('answers under /api/ with JSON: the sentence and the stable code', async () => {
    const response = await get('/api/boom/missing');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'No account "zed". Connected accounts: demo-alice.',
      code: 'unknown_user',
    });
  });

  it('tells when to come back after a service asked encore to wait', async () => {
    const response = await get('/boom/deferred');
    expect(response.status).toBe(409);
    expect(response.headers.get('retry-after')).toBe('90');
    expect(await response.text()).toContain('Try again later');
  });

  it('redacts secrets in a user error, and keeps other errors to the log', async () => {
    const withSecret = await get('/api/boom/secret');
    expect(JSON.stringify(await withSecret.json())).not.toContain(secret);
    const failure = await get('/boom/failure');
    expect(failure.status).toBe(500);
    const body = await failure.text();
    expect(body).toContain('Something went wrong');
    expect(body).not.toContain('disk on fire');
    expect(h.logger.lines.join('\n')).toContain('disk on fire');
    expect(h.logger.lines.join('\n')).not.toContain(secret);
  });
});
