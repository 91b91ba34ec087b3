import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SpotifySim, startSpotifySim } from '../../sim/spotify/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { apiClient, connect, json } from './spotify-helpers.ts';

interface PlaylistBody {
  id: string;
  name: string;
  description: string;
  public: boolean;
  snapshot_id: string;
  uri: string;
  owner: { id: string };
  external_urls: { spotify: string };
}
interface ItemsPage {
  items: Array<{ item: { uri: string; id: string } | null; track: { uri: string } | null; added_at: string }>;
  total: number;
  next: string | null;
}

let sim: SpotifySim;
let alice: ReturnType<typeof apiClient>;
let bob: ReturnType<typeof apiClient>;
let uris: string[];

beforeEach(async () => {
  sim = await startSpotifySim({
    clock: new ManualClock(Date.UTC(2026, 7, 1)),
    seed: 8,
    timeline: { days: 1 },
  });
  alice = apiClient(sim, (await connect(sim, { userId: 'demo-alice' })).accessToken);
  bob = apiClient(sim, (await connect(sim, { userId: 'demo-bob' })).accessToken);
  uris = sim.state.catalog.tracks.slice(0, 250).map((t) => `spotify:track:${t.id}`);
});
afterEach(() => sim.close());

const send = (api: typeof alice, method: string, path: string, body?: unknown) =>
  api(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });

async function create(name = 'Shows near Berlin') {
  const res = await send(alice, 'POST', '/me/playlists', { name, public: false, description: 'simulated' });
  expect(res.status).toBe(201);
  return json<PlaylistBody>(res);
}

const itemUris = async (id: string, api = alice) => {
  const all: string[] = [];
  for (let offset = 0; ; offset += 50) {
    const page = await json<ItemsPage>(await api(`/playlists/${id}/items?limit=50&offset=${offset}`));
    all.push(...page.items.map((i) => i.item?.uri ?? 'null'));
    if (!page.next) return all;
  }
};

describe('spotify sim: playlists', () => {
  it('creates a playlist owned by the current user', async () => {
    const playlist = await create();
    expect(playlist).toMatchObject({
      name: 'Shows near Berlin',
      description: 'simulated',
      public: false,
      owner: { id: 'demo-alice' },
      uri: `spotify:playlist:${playlist.id}`,
    });
    expect(playlist.id).toMatch(/^[0-9A-Za-z]{22}$/);
    expect(playlist.snapshot_id).toBeTruthy();
    expect(playlist.external_urls.spotify).toContain(playlist.id);
    expect(sim.state.playlistsOf('demo-alice').map((p) => p.id)).toEqual([playlist.id]);
    expect((await json<PlaylistBody>(await alice(`/playlists/${playlist.id}`))).name).toBe(
      'Shows near Berlin',
    );
  });

  it('replaces with PUT, appends with POST (optionally at a position), each with a new snapshot', async () => {
    const { id, snapshot_id: s0 } = await create();
    const put = await send(alice, 'PUT', `/playlists/${id}/items`, { uris: uris.slice(0, 100) });
    expect(put.status).toBe(200);
    const { snapshot_id: s1 } = await json<{ snapshot_id: string }>(put);
    const post = await send(alice, 'POST', `/playlists/${id}/items`, { uris: uris.slice(100, 150) });
    expect(post.status).toBe(201);
    const { snapshot_id: s2 } = await json<{ snapshot_id: string }>(post);
    const front = await send(alice, 'POST', `/playlists/${id}/items`, { uris: [uris[200]], position: 0 });
    const { snapshot_id: s3 } = await json<{ snapshot_id: string }>(front);
    expect(new Set([s0, s1, s2, s3]).size).toBe(4);
    expect(await itemUris(id)).toEqual([uris[200], ...uris.slice(0, 150)]);
    // PUT overwrites everything.
    await send(alice, 'PUT', `/playlists/${id}/items`, { uris: uris.slice(5, 7) });
    expect(await itemUris(id)).toEqual(uris.slice(5, 7));
    expect(sim.state.playlistsOf('demo-alice')[0]!.entries.map((e) => e.uri)).toEqual(uris.slice(5, 7));
  });

  it('returns items[].item with the deprecated items[].track alias', async () => {
    const { id } = await create();
    await send(alice, 'POST', `/playlists/${id}/items`, { uris: uris.slice(0, 3) });
    const page = await json<ItemsPage>(await alice(`/playlists/${id}/items`));
    expect(page.total).toBe(3);
    expect(page.items[0]!.item?.uri).toBe(uris[0]);
    expect(page.items[0]!.track).toEqual(page.items[0]!.item);
    expect(page.items[0]!.added_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('removes every occurrence of the given uris with DELETE', async () => {
    const { id } = await create();
    await send(alice, 'PUT', `/playlists/${id}/items`, { uris: [uris[0], uris[1], uris[0], uris[2]] });
    const del = await send(alice, 'DELETE', `/playlists/${id}/items`, { items: [{ uri: uris[0] }] });
    expect(del.status).toBe(200);
    expect((await json<{ snapshot_id: string }>(del)).snapshot_id).toBeTruthy();
    expect(await itemUris(id)).toEqual([uris[1], uris[2]]);
  });

  it('refuses more than 100 uris, bad uris and unknown tracks', async () => {
    const { id } = await create();
    const tooMany = await send(alice, 'POST', `/playlists/${id}/items`, { uris: uris.slice(0, 101) });
    expect(tooMany.status).toBe(400);
    expect((await send(alice, 'PUT', `/playlists/${id}/items`, { uris: uris.slice(0, 101) })).status).toBe(
      400,
    );
    expect(
      (await send(alice, 'POST', `/playlists/${id}/items`, { uris: ['spotify:track:nope'] })).status,
    ).toBe(400);
    const unknown = await send(alice, 'POST', `/playlists/${id}/items`, {
      uris: ['spotify:track:0000000000000000000000'],
    });
    expect(unknown.status).toBe(400);
    expect(await itemUris(id)).toEqual([]);
  });

  it('answers 403 on the old /tracks path', async () => {
    const { id } = await create();
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const res = await send(
        alice,
        method,
        `/playlists/${id}/tracks`,
        method === 'GET' ? undefined : { uris: [uris[0]] },
      );
      expect(res.status, method).toBe(403);
    }
  });

  it('lets only the owner change a playlist or read its items', async () => {
    const res = await send(alice, 'POST', '/me/playlists', { name: 'Public one', public: true });
    const { id } = await json<PlaylistBody>(res);
    expect((await send(bob, 'POST', `/playlists/${id}/items`, { uris: [uris[0]] })).status).toBe(403);
    expect((await send(bob, 'PUT', `/playlists/${id}`, { name: 'hijacked' })).status).toBe(403);
    expect((await bob(`/playlists/${id}/items`)).status).toBe(403);
    expect((await bob(`/playlists/${id}`)).status).toBe(200);
    expect(sim.state.playlistsOf('demo-alice')[0]!.name).toBe('Public one');
  });

  it('changes details with PUT /playlists/{id}', async () => {
    const { id, snapshot_id } = await create();
    const res = await send(alice, 'PUT', `/playlists/${id}`, { name: 'Renamed', description: 'new words' });
    expect(res.status).toBe(200);
    const after = await json<PlaylistBody>(await alice(`/playlists/${id}`));
    expect(after).toMatchObject({ name: 'Renamed', description: 'new words' });
    expect(after.snapshot_id).not.toBe(snapshot_id);
  });

  it('answers 404 for a playlist the user deleted', async () => {
    const { id } = await create();
    expect(sim.state.deletePlaylist(id)).toBe(true);
    expect((await alice(`/playlists/${id}`)).status).toBe(404);
    expect((await alice(`/playlists/${id}/items`)).status).toBe(404);
    const add = await send(alice, 'POST', `/playlists/${id}/items`, { uris: [uris[0]] });
    expect(add.status).toBe(404);
    expect(await add.json()).toEqual({ error: { status: 404, message: 'Resource not found' } });
    expect(sim.state.playlistsOf('demo-alice')).toEqual([]);
  });

  it('lists the user’s playlists and needs the modify scope matching visibility', async () => {
    await create('one');
    await create('two');
    const list = await json<{ items: PlaylistBody[]; total: number }>(await alice('/me/playlists'));
    expect(list.items.map((p) => p.name)).toEqual(['one', 'two']);
    const limited = apiClient(sim, (await connect(sim, { scope: 'playlist-modify-public' })).accessToken);
    const res = await send(limited, 'POST', '/me/playlists', { name: 'private', public: false });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { status: 403, message: 'Insufficient client scope' } });
  });
});
