import { afterEach, describe, expect, it } from 'vitest';
import {
  HOMONYMS,
  isMeaningfulUserAgent,
  type RunningMusicBrainzSim,
  spotifyArtistUrl,
  startMusicBrainzSim,
} from '../../sim/musicbrainz/index.ts';
import { createCatalog } from '../../sim/spotify/catalog.ts';
import { ManualClock } from '../../src/util/clock.ts';

const UA = 'encore-test/0.1.0 ( https://example.org/encore )';
const catalog = createCatalog(11);
let mb: RunningMusicBrainzSim | undefined;
let clock: ManualClock;

afterEach(async () => {
  await mb?.close();
  mb = undefined;
});

async function start() {
  clock = new ManualClock(Date.UTC(2026, 10, 2, 12));
  mb = await startMusicBrainzSim({ catalog, now: () => clock.now() });
  return mb;
}

async function get(path: string, agent: string | null = UA) {
  const headers: Record<string, string> = {};
  if (agent !== null) headers['User-Agent'] = agent;
  const res = await fetch(`${mb!.url}${path}`, { headers });
  const text = await res.text();
  clock.advance(1000);
  return { status: res.status, json: () => JSON.parse(text) };
}

describe('MusicBrainz simulator', () => {
  it('tells meaningful User-Agents from library defaults', () => {
    expect(isMeaningfulUserAgent(UA)).toBe(true);
    expect(isMeaningfulUserAgent('MyApp/1.2 (me@example.org)')).toBe(true);
    for (const bad of ['', 'node', 'python-requests/2.31', 'MyApp', 'MyApp/1.0', 'curl/8.0 (x)'])
      expect(isMeaningfulUserAgent(bad)).toBe(false);
  });

  it('answers 403 without a meaningful User-Agent and 503 when one client exceeds 1 request/second', async () => {
    await start();
    expect((await get('/artist?query=Yes&fmt=json', 'node')).status).toBe(403);
    const first = await fetch(`${mb!.url}/artist?query=Yes&fmt=json`, { headers: { 'User-Agent': UA } });
    expect(first.status).toBe(200);
    clock.advance(400);
    const second = await fetch(`${mb!.url}/artist?query=Yes&fmt=json`, { headers: { 'User-Agent': UA } });
    expect(second.status).toBe(503);
    expect((await second.json()).error).toMatch(/rate limit/);
    // Another client is limited separately; the first may go again after a second.
    const other = await fetch(`${mb!.url}/artist?query=Yes&fmt=json`, {
      headers: { 'User-Agent': 'other/1.0 (x@example.org)' },
    });
    expect(other.status).toBe(200);
    clock.advance(600);
    expect((await get('/artist?query=Yes&fmt=json')).status).toBe(200);
    expect(mb!.state.statusCount(503)).toBe(1);
    expect(mb!.state.statusCount(403)).toBe(1);
  });

  it('links most catalog artists to their Spotify URL, with genres by votes', async () => {
    await start();
    const linked = mb!.world.artists.filter((a) => a.spotifyId);
    const nameOnly = mb!.world.artists.filter((a) => !a.spotifyId);
    expect(linked.length).toBeGreaterThan(catalog.artists.length * 0.6);
    expect(nameOnly.length).toBeGreaterThan(3);
    expect(mb!.world.artists.length).toBeLessThan(catalog.artists.length + Object.keys(HOMONYMS).length);

    const band = catalog.artistByName('The Band')!;
    const url = await get(
      `/url?resource=${encodeURIComponent(spotifyArtistUrl(band.id))}&inc=artist-rels&fmt=json`,
    );
    expect(url.status).toBe(200);
    const rel = url.json().relations[0];
    expect(rel['target-type']).toBe('artist');
    expect(rel.artist.name).toBe('The Band');

    const artist = await get(`/artist/${rel.artist.id}?inc=genres+tags+url-rels&fmt=json`);
    const body = artist.json();
    expect(body.genres.map((g: { name: string }) => g.name).sort()).toEqual([...band.genres].sort());
    expect(body.relations[0].url.resource).toBe(spotifyArtistUrl(band.id));
    expect(body.tags.length).toBeGreaterThan(0);
  });

  it('searches by name: exact names score 100, homonyms appear twice, unknown URLs are 404', async () => {
    await start();
    const res = await get(`/artist?query=${encodeURIComponent('artist:"Xavier Rudd"')}&fmt=json`);
    const exact = res.json().artists.filter((a: { score: number }) => a.score === 100);
    expect(exact).toHaveLength(2);
    expect(new Set(exact.map((a: { id: string }) => a.id)).size).toBe(2);
    const zep = await get(`/artist?query=${encodeURIComponent('artist:"Led Zepagain"')}&fmt=json`);
    expect(zep.json().artists.filter((a: { score: number }) => a.score === 100)).toHaveLength(1);
    const missing = await get(
      `/url?resource=${encodeURIComponent(spotifyArtistUrl('0000000000000000000000'))}&inc=artist-rels&fmt=json`,
    );
    expect(missing.status).toBe(404);
    expect((await get('/artist?fmt=json')).status).toBe(400);
  });
});
