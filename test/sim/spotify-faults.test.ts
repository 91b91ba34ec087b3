import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SpotifySim, startSpotifySim } from '../../sim/spotify/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { apiClient, connect, tokenRequest } from './spotify-helpers.ts';

const RP = '/me/player/recently-played';
let clock: ManualClock;
let sim: SpotifySim;
let api: ReturnType<typeof apiClient>;

beforeEach(async () => {
  clock = new ManualClock(Date.UTC(2026, 6, 10, 20, 0, 0));
  sim = await startSpotifySim({ clock, seed: 5 });
  api = apiClient(sim, (await connect(sim)).accessToken);
});
afterEach(() => sim.close());

describe('spotify sim: faults on demand', () => {
  it('rate_limit: 429 with Retry-After, then normal service', async () => {
    sim.state.injectFault({ kind: 'rate_limit', retryAfterSeconds: 7 });
    const limited = await api(RP);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toEqual({ error: { status: 429, message: 'API rate limit exceeded' } });
    expect((await api(RP)).status).toBe(200);
  });

  it('quota_exceeded: 429 with a long Retry-After and reason QUOTA_EXCEEDED', async () => {
    sim.state.injectFault({ kind: 'quota_exceeded', retryAfterSeconds: 86_400 });
    const res = await api('/me');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('86400');
    expect(await res.json()).toEqual({
      error: { status: 429, message: 'Too many requests', reason: 'QUOTA_EXCEEDED' },
    });
  });

  it('server_error: the chosen 5xx status, default 500', async () => {
    sim.state.injectFault({ kind: 'server_error', status: 502 });
    sim.state.injectFault({ kind: 'server_error' });
    const first = await api('/me');
    expect(first.status).toBe(502);
    expect(((await first.json()) as { error: { status: number } }).error.status).toBe(502);
    expect((await api('/me')).status).toBe(500);
    expect((await api('/me')).status).toBe(200);
  });

  it('slow: delays the response in wall-clock time, then serves it', async () => {
    sim.state.injectFault({ kind: 'slow', delayMs: 250 });
    const started = performance.now();
    const res = await api('/me');
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(res.status).toBe(200);
  });

  it('slow: a client that gives up does not hang the server', async () => {
    sim.state.injectFault({ kind: 'slow', delayMs: 60_000 });
    await expect(api('/me', { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect((await api('/me')).status).toBe(200);
  });

  it('malformed_json: a 200 whose body no JSON parser accepts', async () => {
    sim.state.injectFault({ kind: 'malformed_json', path: RP });
    const res = await api(RP);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const text = await res.text();
    expect(text.startsWith('{"items":[')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('unexpected_shape: valid JSON with a null track, a garbage played_at and a non-object item', async () => {
    sim.state.injectFault({ kind: 'unexpected_shape', path: RP });
    const res = await api(`${RP}?limit=5`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: unknown[] };
    expect(body.items).toHaveLength(6);
    expect(body.items[0]).toMatchObject({ track: null });
    expect(body.items[1]).toMatchObject({ played_at: 'garbage' });
    expect(body.items.at(-1)).toBe('not-an-object');
    sim.state.injectFault({ kind: 'unexpected_shape', variant: 'null_track' });
    const one = (await (await api(`${RP}?limit=5`)).json()) as {
      items: Array<{ track: unknown; played_at: string }>;
    };
    expect(one.items.filter((i) => i.track === null)).toHaveLength(1);
    expect(one.items.every((i) => i.played_at !== 'garbage')).toBe(true);
  });

  it('targets paths and methods, honours times, and clears', async () => {
    sim.state.injectFault({ kind: 'server_error', status: 503, path: RP, times: 2 });
    expect((await api('/me')).status).toBe(200);
    expect((await api(RP)).status).toBe(503);
    expect((await api(RP)).status).toBe(503);
    expect((await api(RP)).status).toBe(200);
    sim.state.injectFault({
      kind: 'server_error',
      path: /currently-playing$/,
      times: Number.POSITIVE_INFINITY,
    });
    expect((await api('/me/player/currently-playing')).status).toBe(500);
    expect((await api('/me/player/currently-playing')).status).toBe(500);
    sim.state.clearFaults();
    expect([200, 204]).toContain((await api('/me/player/currently-playing')).status);
  });

  it('can fail the token endpoint when aimed at it', async () => {
    const { refreshToken } = await connect(sim);
    sim.state.injectFault({ kind: 'server_error', status: 503, path: '/accounts/api/token' });
    const refresh = () =>
      tokenRequest(sim, {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: sim.clientId,
      }).catch(() => undefined);
    expect((await refresh())?.status).toBe(503);
    // The failed attempt did not use the refresh token up.
    expect((await refresh())?.status).toBe(200);
  });

  it('a rolling-window rate limit on sim time, when configured', async () => {
    await sim.close();
    sim = await startSpotifySim({ clock, seed: 5, rateLimit: { maxRequests: 3, windowMs: 30_000 } });
    api = apiClient(sim, (await connect(sim)).accessToken);
    for (let i = 0; i < 3; i++) expect((await api('/me')).status).toBe(200);
    clock.advance(10_000);
    const limited = await api('/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    clock.advance(20_000);
    expect((await api('/me')).status).toBe(200);
  });

  it('logs every request for call counting', async () => {
    sim.state.requestLog.clear();
    await api(`${RP}?limit=3`);
    await api(RP);
    sim.state.injectFault({ kind: 'rate_limit', retryAfterSeconds: 1 });
    await api('/me');
    expect(sim.state.callCount()).toBe(3);
    expect(sim.state.callCount(RP)).toBe(2);
    expect(sim.state.requestLog.callCount('/v1/me', { status: 429 })).toBe(1);
    expect(sim.state.requestLog.entries[0]).toEqual({
      method: 'GET',
      path: `/v1${RP}`,
      query: { limit: '3' },
      status: 200,
      at: clock.now(),
      userId: 'demo-alice',
    });
    await connect(sim);
    expect(sim.state.callCount('/accounts')).toBe(2);
    expect(sim.state.callCount()).toBe(3);
  });
});
