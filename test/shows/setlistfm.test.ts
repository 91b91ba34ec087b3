import { afterEach, describe, expect, it } from 'vitest';
import { createLinkedWorld } from '../../sim/concerts/spotify-world.ts';
import { mbidOf, type RunningSetlistFmSim, startSetlistFmSim } from '../../sim/setlistfm/index.ts';
import { createCatalog } from '../../sim/spotify/catalog.ts';
import { createSetlistFmClient } from '../../src/enrich/setlistfm.ts';
import { CallCounter } from '../../src/http/index.ts';
import { ManualClock } from '../../src/util/clock.ts';
import { memoryLogger } from '../../src/util/logger.ts';

const KEY = 'sim-setlistfm-key';
let sim: RunningSetlistFmSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(ratePerSecond = 0) {
  const clock = new ManualClock(Date.UTC(2026, 10, 2));
  const linked = createLinkedWorld({ world: { seed: 3, eventCount: 20 }, spotifySeed: 11 });
  const catalog = createCatalog(11, linked.catalog);
  sim = await startSetlistFmSim({ world: linked.world, catalog, now: () => clock.now(), ratePerSecond });
  return { clock, world: linked.world, catalog, sim };
}

describe('setlist.fm simulator', () => {
  it('wants a key, answers XML unless JSON is asked for, and limits the rate', async () => {
    const { world, sim } = await start(2);
    const artist = world.artists.find((a) => sim.state.setlistsOf(a).length > 0)!;
    const url = `${sim.url}/artist/${mbidOf(artist)}/setlists`;
    expect((await fetch(url, { headers: { Accept: 'application/json' } })).status).toBe(403);
    const xml = await fetch(url, { headers: { 'x-api-key': KEY } });
    expect(xml.headers.get('content-type')).toContain('xml');
    await xml.text();
    const json = await fetch(url, { headers: { 'x-api-key': KEY, Accept: 'application/json' } });
    expect((await json.json()).setlist.length).toBeGreaterThan(0);
    // Two requests in this (simulated) second already: the third is refused.
    const third = await fetch(url, { headers: { 'x-api-key': KEY, Accept: 'application/json' } });
    expect(third.status).toBe(429);
    await third.text();
  });

  it("serves setlists with stubs, tape songs and the artist's catalog songs", async () => {
    const { world, catalog, sim } = await start();
    const withSongs = world.artists.filter((a) => a.spotifyId && catalog.artist(a.spotifyId));
    const lists = withSongs.flatMap((a) => sim.state.setlistsOf(a));
    expect(lists.some((l) => l.sets.set.length === 0)).toBe(true);
    const songs = lists.flatMap((l) => l.sets.set.flatMap((s) => s.song));
    expect(songs.some((s) => s.tape)).toBe(true);
    const artist = withSongs.find((a) => sim.state.setlistsOf(a).some((l) => l.sets.set.length > 0))!;
    const titles = new Set(catalog.tracksByArtist(artist.spotifyId!).map((t) => t.name));
    const played = sim.state.setlistsOf(artist).flatMap((l) => l.sets.set.flatMap((s) => s.song));
    expect(played.filter((s) => !s.cover).every((s) => titles.has(s.name))).toBe(true);
  });
});

describe('setlist.fm client', () => {
  it('reads by MBID or by name, pages, and treats a 404 as no setlists', async () => {
    const { clock, world, sim } = await start();
    const counter = new CallCounter();
    const client = createSetlistFmClient({
      apiKey: KEY,
      baseUrl: sim.url,
      clock,
      logger: memoryLogger(),
      counter,
    });
    const artist = world.artists.find((a) => a.mbid && sim.state.setlistsOf(a).length > 20)!;
    const page1 = await client.artistSetlists({ mbid: artist.mbid, name: artist.name });
    expect(page1).toHaveLength(20);
    const page2 = await client.artistSetlists({ mbid: artist.mbid, name: artist.name }, 2);
    expect(page2.length).toBe(sim.state.setlistsOf(artist).length - 20);
    const byName = await client.artistSetlists({ name: artist.name });
    expect(byName.every((l) => l.artist.name.toLowerCase().includes(artist.name.toLowerCase()))).toBe(true);
    expect(await client.artistSetlists({ name: 'Nobody At All Here' })).toEqual([]);
    expect(counter.snapshot()).toMatchObject({
      'setlistfm GET /artist/{mbid}/setlists': 2,
      'setlistfm GET /search/setlists': 2,
    });
    const sent = sim.state.requestLog.map((r) => r.status);
    expect(sent).toEqual([200, 200, 200, 404]);
  });
});
