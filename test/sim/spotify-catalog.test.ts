import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCatalog, HARD_ARTISTS, type SpotifySim, startSpotifySim } from '../../sim/spotify/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { apiClient, connect, json } from './spotify-helpers.ts';

type Api = ReturnType<typeof apiClient>;
interface Paging<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  next: string | null;
}
interface NamedItem {
  id: string;
  name: string;
  popularity?: number;
}

let sim: SpotifySim;
let api: Api;

beforeAll(async () => {
  sim = await startSpotifySim({
    clock: new ManualClock(Date.UTC(2026, 5, 1)),
    seed: 21,
    timeline: { days: 1 },
  });
  api = apiClient(sim, (await connect(sim)).accessToken);
});
afterAll(() => sim.close());
beforeEach(() => sim.state.setTier('development'));

const artist = (name: string) => sim.state.catalog.artistByName(name)!;
const search = async (q: string, type: string, extra = '') =>
  api(`/search?q=${encodeURIComponent(q)}&type=${type}${extra}`);

describe('spotify sim: catalog world', () => {
  it('has a few hundred artists with Spotify-shaped ids, ISRCs and short tracks', () => {
    const { artists, tracks, albums } = sim.state.catalog;
    expect(artists.length).toBeGreaterThan(150);
    expect(albums.length).toBeGreaterThan(200);
    for (const t of tracks) {
      expect(t.id).toMatch(/^[0-9A-Za-z]{22}$/);
      expect(t.isrc).toMatch(/^[A-Z]{2}[A-Z0-9]{3}\d{7}$/);
    }
    expect(tracks.filter((t) => t.durationMs < 60_000).length / tracks.length).toBeGreaterThanOrEqual(0.1);
    expect(tracks.some((t) => t.durationMs >= 30_000 && t.durationMs <= 45_000)).toBe(true);
    expect(artists.some((a) => a.genres.length === 0)).toBe(true);
    for (const hard of HARD_ARTISTS)
      expect(sim.state.catalog.tracksByArtist(artist(hard.name).id).length).toBeGreaterThan(1);
    expect(createCatalog(21).tracks.map((t) => t.id)).toEqual(tracks.map((t) => t.id));
  });
});

describe('spotify sim: single lookups and tiers', () => {
  it('serves tracks and artists in both tiers, without popularity in Development Mode', async () => {
    const beyonce = artist('Beyoncé');
    const track = sim.state.catalog.tracksByArtist(beyonce.id)[0]!;
    const devTrack = await json(await api(`/tracks/${track.id}`));
    expect(devTrack).toMatchObject({
      id: track.id,
      name: track.name,
      external_ids: { isrc: track.isrc },
      type: 'track',
    });
    for (const key of ['popularity', 'available_markets', 'linked_from'])
      expect(devTrack).not.toHaveProperty(key);
    const devArtist = await json(await api(`/artists/${beyonce.id}`));
    expect(devArtist).toMatchObject({ name: 'Beyoncé', genres: ['pop', 'r&b'] });
    expect(devArtist).not.toHaveProperty('popularity');
    expect(devArtist).not.toHaveProperty('followers');

    sim.state.setTier('extended');
    expect(await json(await api(`/tracks/${track.id}`))).toMatchObject({ popularity: track.popularity });
    expect(await json(await api(`/artists/${beyonce.id}`))).toMatchObject({
      popularity: beyonce.popularity,
      followers: { total: beyonce.followers },
    });
  });

  it('serves albums and an artist’s albums (limit max 10)', async () => {
    const band = artist('The Band');
    const albums = await json<Paging<NamedItem>>(await api(`/artists/${band.id}/albums?limit=10`));
    expect(albums.items.map((a) => a.name)).toEqual(['The Band']);
    expect((await api(`/artists/${band.id}/albums?limit=11`)).status).toBe(400);
    const album = await json<{ name: string; tracks: Paging<NamedItem> }>(
      await api(`/albums/${albums.items[0]!.id}`),
    );
    expect(album.tracks.items.map((t) => t.name)).toContain('The Weight');
    expect(album).not.toHaveProperty('label');
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    expect((await api('/tracks/0000000000000000000000')).status).toBe(404);
    const bad = await api('/tracks/not-an-id');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { status: 400, message: 'Invalid base62 id' } });
  });

  it('gates top tracks, batch lookups and audio features with 403 in Development Mode', async () => {
    const id = artist('M83').id;
    const trackIds = sim.state.catalog.tracks
      .slice(0, 3)
      .map((t) => t.id)
      .join(',');
    const gated = [
      `/artists/${id}/top-tracks`,
      `/tracks?ids=${trackIds}`,
      `/artists?ids=${id}`,
      `/audio-features?ids=${trackIds}`,
      `/audio-features/${trackIds.slice(0, 22)}`,
    ];
    for (const path of gated) {
      const res = await api(path);
      expect(res.status, path).toBe(403);
      expect(await res.json()).toEqual({ error: { status: 403, message: 'Forbidden' } });
    }
    const create = await api('/users/demo-alice/playlists', {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
    });
    expect(create.status).toBe(403);
  });

  it('serves them in the extended tier', async () => {
    sim.state.setTier('extended');
    const popular = sim.state.catalog.artists.find(
      (a) => sim.state.catalog.tracksByArtist(a.id).length >= 12,
    )!;
    const top = await json<{ tracks: NamedItem[] }>(await api(`/artists/${popular.id}/top-tracks?market=DE`));
    expect(top.tracks).toHaveLength(10);
    const pops = top.tracks.map((t) => t.popularity ?? -1);
    expect(pops).toEqual([...pops].sort((a, b) => b - a));

    const ids = sim.state.catalog.tracks.slice(0, 100).map((t) => t.id);
    const features = await json<{
      audio_features: Array<{ id: string; tempo: number; danceability: number }>;
    }>(await api(`/audio-features?ids=${ids.join(',')}`));
    expect(features.audio_features.map((f) => f.id)).toEqual(ids);
    expect(features.audio_features[0]!.tempo).toBeGreaterThan(60);
    expect((await api(`/audio-features?ids=${[...ids, ids[0]].join(',')}`)).status).toBe(400);

    const batch = await json<{ tracks: Array<NamedItem | null> }>(
      await api(`/tracks?ids=${ids[0]},0000000000000000000000`),
    );
    expect(batch.tracks[0]?.id).toBe(ids[0]);
    expect(batch.tracks[1]).toBeNull();
  });
});

describe('spotify sim: search', () => {
  it('caps limit at 10 in Development Mode (default 5) and 50 in extended', async () => {
    const over = await search('the', 'track', '&limit=11');
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({ error: { status: 400, message: 'Invalid limit' } });
    const dflt = await json<{ tracks: Paging<NamedItem> }>(await search('the', 'track'));
    expect(dflt.tracks.limit).toBe(5);
    expect(dflt.tracks.items).toHaveLength(5);
    expect(dflt.tracks.items[0]).not.toHaveProperty('popularity');
    const ten = await json<{ tracks: Paging<NamedItem> }>(await search('the', 'track', '&limit=10'));
    expect(ten.tracks.items).toHaveLength(10);
    sim.state.setTier('extended');
    const fifty = await json<{ tracks: Paging<NamedItem> }>(await search('the', 'track', '&limit=50'));
    expect(fifty.tracks.items).toHaveLength(50);
    expect((await search('the', 'track', '&limit=51')).status).toBe(400);
  });

  it('ranks the exact name first and pages with next', async () => {
    const res = await json<{ artists: Paging<NamedItem> }>(await search('artist:"The Band"', 'artist'));
    expect(res.artists.items.map((a) => a.name)).toEqual(['The Band', 'The Band Perry']);
    const travis = await json<{ artists: Paging<NamedItem> }>(await search('Travis', 'artist'));
    expect(travis.artists.items[0]!.name).toBe('Travis');
    expect(travis.artists.items.map((a) => a.name)).toContain('Travis Scott');
    const accent = await json<{ artists: Paging<NamedItem> }>(await search('beyonce', 'artist'));
    expect(accent.artists.items[0]!.name).toBe('Beyoncé');
    for (const name of ['!!!', 'P!nk', 'Ke$ha', 'Мумий Тролль', 'M83', 'X']) {
      const found = await json<{ artists: Paging<NamedItem> }>(await search(name, 'artist'));
      expect(found.artists.items[0]?.name, name).toBe(name);
    }
    const many = await json<{ artists: Paging<NamedItem> }>(await search('the', 'artist', '&limit=2'));
    expect(many.artists.total).toBeGreaterThan(2);
    const next = new URL(many.artists.next!);
    const page2 = await json<{ artists: Paging<NamedItem> }>(await api(`/search${next.search}`));
    expect(page2.artists.offset).toBe(2);
    expect(page2.artists.items[0]!.id).not.toBe(many.artists.items[0]!.id);
  });

  it('supports track, artist and isrc filters', async () => {
    const weight = sim.state.catalog
      .tracksByArtist(artist('The Band').id)
      .find((t) => t.name === 'The Weight')!;
    const byFields = await json<{ tracks: Paging<NamedItem> }>(
      await search('track:"The Weight" artist:"The Band"', 'track'),
    );
    expect(byFields.tracks.items.map((t) => t.id)).toEqual([weight.id]);
    const byIsrc = await json<{ tracks: Paging<NamedItem> }>(await search(`isrc:${weight.isrc}`, 'track'));
    expect(byIsrc.tracks.items.map((t) => t.id)).toEqual([weight.id]);
    const both = await json<Record<string, Paging<NamedItem>>>(await search('Phoenix', 'artist,track'));
    expect(Object.keys(both).sort()).toEqual(['artists', 'tracks']);
    expect((await search('', 'track')).status).toBe(400);
    expect((await api('/search?q=x')).status).toBe(400);
  });
});
