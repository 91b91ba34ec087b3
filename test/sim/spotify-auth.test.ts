import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, type SpotifySim, startSpotifySim } from '../../sim/spotify/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import {
  apiClient,
  authorize,
  connect,
  getCode,
  json,
  REDIRECT_URI,
  tokenRequest,
} from './spotify-helpers.ts';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

describe('spotify sim: accounts service', () => {
  let clock: ManualClock;
  let sim: SpotifySim;

  beforeEach(async () => {
    clock = new ManualClock(T0);
    sim = await startSpotifySim({ clock, seed: 11 });
  });
  afterEach(() => sim.close());

  it('exchanges a PKCE code for tokens and the token identifies the consenting user', async () => {
    const { code, verifier, location } = await getCode(sim, { userId: 'demo-bob' });
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-123');
    const { status, body } = await tokenRequest(sim, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: sim.clientId,
      code_verifier: verifier,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(body.scope).toContain('user-read-recently-played');
    expect(typeof body.refresh_token).toBe('string');
    const me = await json(await apiClient(sim, body.access_token as string)('/me'));
    expect(me).toMatchObject({ id: 'demo-bob', type: 'user', display_name: 'Bob (demo)', images: [] });
    expect(me).not.toHaveProperty('email');
    expect(me).not.toHaveProperty('country');
  });

  it('rejects a wrong verifier, then accepts the right one exactly once', async () => {
    const { code, verifier } = await getCode(sim);
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: sim.clientId,
    };
    const wrong = await tokenRequest(sim, { ...form, code_verifier: `${verifier}x` });
    expect(wrong).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'code_verifier was incorrect' },
    });
    expect((await tokenRequest(sim, { ...form, code_verifier: verifier })).status).toBe(200);
    const reused = await tokenRequest(sim, { ...form, code_verifier: verifier });
    expect(reused.body.error).toBe('invalid_grant');
  });

  it('expires authorization codes after 10 minutes of sim time', async () => {
    const { code, verifier } = await getCode(sim);
    clock.advance(10 * MINUTE + 1);
    const res = await tokenRequest(sim, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: sim.clientId,
      code_verifier: verifier,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
  });

  it('rotates refresh tokens: each refresh returns a new one and the old one is revoked', async () => {
    const first = await connect(sim);
    const refresh = (token: string) =>
      tokenRequest(sim, { grant_type: 'refresh_token', refresh_token: token, client_id: sim.clientId });
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toBeTypeOf('string');
    expect(second.body.refresh_token).not.toBe(first.refreshToken);
    const reuse = await refresh(first.refreshToken);
    expect(reuse).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Refresh token revoked' },
    });
    const third = await refresh(second.body.refresh_token as string);
    expect(third.status).toBe(200);
    expect((await apiClient(sim, third.body.access_token as string)('/me')).status).toBe(200);
  });

  it('keeps the refresh token for Basic-authenticated clients (no rotation)', async () => {
    const { refreshToken } = await connect(sim);
    const res = await tokenRequest(sim, { grant_type: 'refresh_token', refresh_token: refreshToken }, true);
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('refresh_token');
    const again = await tokenRequest(sim, { grant_type: 'refresh_token', refresh_token: refreshToken }, true);
    expect(again.status).toBe(200);
  });

  it('answers invalid_grant once the user removed the app', async () => {
    const alice = await connect(sim, { userId: 'demo-alice' });
    const bob = await connect(sim, { userId: 'demo-bob' });
    sim.state.revokeRefreshTokens('demo-alice');
    const res = await tokenRequest(sim, {
      grant_type: 'refresh_token',
      refresh_token: alice.refreshToken,
      client_id: sim.clientId,
    });
    expect(res).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Refresh token revoked' },
    });
    const other = await tokenRequest(sim, {
      grant_type: 'refresh_token',
      refresh_token: bob.refreshToken,
      client_id: sim.clientId,
    });
    expect(other.status).toBe(200);
  });

  it('enforces the 6-month refresh lifetime from consent; refreshing does not extend it', async () => {
    let { refreshToken } = await connect(sim);
    const refresh = () =>
      tokenRequest(sim, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: sim.clientId,
      });
    for (let month = 0; month < 5; month++) {
      clock.advance(30 * DAY);
      const res = await refresh();
      expect(res.status).toBe(200);
      refreshToken = res.body.refresh_token as string;
    }
    clock.set(Date.UTC(2026, 8, 1, 12, 0, 0)); // exactly six calendar months after consent
    const expired = await refresh();
    expect(expired.status).toBe(400);
    expect(expired.body.error).toBe('invalid_grant');
  });

  it('expireConsent makes the next refresh fail without moving the clock', async () => {
    const { refreshToken } = await connect(sim);
    sim.state.expireConsent('demo-alice');
    const res = await tokenRequest(sim, {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: sim.clientId,
    });
    expect(res.body).toEqual({ error: 'invalid_grant', error_description: 'Refresh token expired' });
  });

  it('expires access tokens after 3600 s of sim time', async () => {
    const { accessToken } = await connect(sim);
    const api = apiClient(sim, accessToken);
    clock.advance(HOUR - 1000);
    expect((await api('/me')).status).toBe(200);
    clock.advance(1000);
    const res = await api('/me');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { status: 401, message: 'The access token expired' } });
    const bogus = await apiClient(sim, 'not-a-token')('/me');
    expect(bogus.status).toBe(401);
    expect((await fetch(`${sim.apiUrl}/me`)).status).toBe(401);
  });

  it('rejects a localhost redirect URI and plain HTTP off loopback', async () => {
    for (const redirectUri of ['http://localhost:8888/callback', 'http://example.com/callback']) {
      const res = await authorize(sim, { redirectUri, verifier: 'x'.repeat(43) });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('Insecure redirect URI');
    }
    const ipv6 = await authorize(sim, { redirectUri: 'http://[::1]:8888/cb', verifier: 'x'.repeat(43) });
    expect(ipv6.status).toBe(302);
  });

  it('rejects an unknown client id with INVALID_CLIENT', async () => {
    const res = await fetch(
      `${sim.accountsUrl}/authorize?client_id=nosuchclient1&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT_URI)}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('INVALID_CLIENT');
  });

  it('chooses the consenting user: sim_user, then setLoginUser, then the first user', async () => {
    const meOf = async (tokens: { accessToken: string }) =>
      (await json<{ id: string }>(await apiClient(sim, tokens.accessToken)('/me'))).id;
    expect(await meOf(await connect(sim))).toBe('demo-alice');
    sim.state.setLoginUser('demo-chen');
    expect(await meOf(await connect(sim))).toBe('demo-chen');
    expect(await meOf(await connect(sim, { userId: 'demo-bob' }))).toBe('demo-bob');
  });

  it('rejects a JSON token request the way Spotify does', async () => {
    const res = await fetch(`${sim.accountsUrl}/api/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('issues app-only client-credentials tokens that cannot read user data', async () => {
    const { status, body } = await tokenRequest(sim, { grant_type: 'client_credentials' }, true);
    expect(status).toBe(200);
    expect(body).not.toHaveProperty('refresh_token');
    const api = apiClient(sim, body.access_token as string);
    expect((await api('/me')).status).toBe(401);
    const track = sim.state.catalog.tracks[0]!;
    expect((await api(`/tracks/${track.id}`)).status).toBe(200);
  });

  it('answers 403 for users missing from the Development Mode allow-list', async () => {
    await sim.close();
    sim = await startSpotifySim({
      clock,
      users: [{ id: 'listed' }, { id: 'stranger', allowListed: false }],
      timeline: { days: 1 },
    });
    const { accessToken } = await connect(sim, { userId: 'stranger' });
    expect((await apiClient(sim, accessToken)('/me')).status).toBe(403);
    sim.state.setTier('extended');
    expect((await apiClient(sim, accessToken)('/me')).status).toBe(200);
  });
});
