import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpotifySimApp, type SpotifySim } from '../../sim/spotify/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { apiClient, connect, json } from './spotify-helpers.ts';

// What `encore sim` may do: several simulators in one server, each under a prefix.
let sim: SpotifySim;
let server: ReturnType<typeof serve>;

beforeAll(async () => {
  const { app, sim: state } = createSpotifySimApp({
    clock: new ManualClock(Date.UTC(2026, 1, 2, 21)),
    seed: 4,
  });
  const root = new Hono();
  root.get('/health', (c) => c.text('ok'));
  root.route('/spotify', app);
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    );
  });
  const url = `http://127.0.0.1:${port}/spotify`;
  sim = {
    url,
    accountsUrl: `${url}/accounts`,
    apiUrl: `${url}/v1`,
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    state,
    close: async () => {},
  };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('spotify sim: mounted under a prefix', () => {
  it('runs the whole flow and keeps the prefix in links, logs and fault paths', async () => {
    const { accessToken } = await connect(sim, { userId: 'demo-chen' });
    const api = apiClient(sim, accessToken);
    const page = await json<{ next: string; href: string; items: Array<{ track: { href: string } }> }>(
      await api('/me/player/recently-played?limit=5'),
    );
    expect(page.next.startsWith(`${sim.apiUrl}/me/player/recently-played?before=`)).toBe(true);
    expect(page.items[0]!.track.href.startsWith(`${sim.apiUrl}/tracks/`)).toBe(true);
    const next = await fetch(page.next, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(next.status).toBe(200);
    sim.state.injectFault({ kind: 'rate_limit', retryAfterSeconds: 3 });
    expect((await api('/me')).status).toBe(429);
    expect(sim.state.callCount('/me/player/recently-played')).toBe(2);
    expect(sim.state.requestLog.entries.at(-1)?.path).toBe('/v1/me');
  });

  it('serves placeholder artwork for the image URLs it hands out', async () => {
    const api = apiClient(sim, (await connect(sim)).accessToken);
    const track = sim.state.catalog.tracks[3]!;
    const body = await json<{ album: { images: Array<{ url: string; width: number }> } }>(
      await api(`/tracks/${track.id}`),
    );
    expect(body.album.images.map((i) => i.width)).toEqual([640, 300, 64]);
    const image = await fetch(body.album.images[0]!.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toContain('image/svg+xml');
    expect(await image.text()).toContain('simulated');
  });
});
