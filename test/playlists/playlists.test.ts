import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogArtist } from '../../sim/spotify/catalog.ts';
import { recentRuns } from '../../src/store/job-runs.ts';
import {
  createPlaylist,
  findManagedPlaylist,
  type PlaylistDeps,
  PlaylistInputError,
  parseDefinition,
  refreshPlaylist,
} from '../../src/playlists/index.ts';
import { refreshPlaylists } from '../../src/jobs/playlist-refresh.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';
import { addCreditedPlays, addMatch, addPicks, addShows, BUFFALO, type ShowSpec } from './fixtures.ts';

const USER = 'demo-bob';
let h: Harness;
let deps: PlaylistDeps;
/** Catalog artists with at least 3 tracks, as the fixtures' A, B, C… */
let artists: CatalogArtist[];

const tracksOf = (a: CatalogArtist, n = 3) =>
  h.sim.state.catalog
    .tracksByArtist(a.id)
    .slice(0, n)
    .map((t) => ({ id: t.id, name: t.name }));

/** Matches the performer named after the artist, and stores its top 3 catalog tracks as picks. */
async function matchWithPicks(a: CatalogArtist, picks = tracksOf(a)): Promise<void> {
  await addMatch(h.db, a.name, { id: a.id, name: a.name });
  await addPicks(h.db, a.id, picks);
}

const simPlaylist = (id: string) => h.sim.state.playlistsOf(USER).find((p) => p.id === id);
const simUris = (id: string) => simPlaylist(id)?.entries.map((e) => e.uri.replace('spotify:track:', ''));
/** Calls to exactly this Web API path. */
const calls = (method: string, path: string) =>
  h.sim.state.requestLog.entries.filter((e) => e.method === method && e.path.replace(/^\/v1/, '') === path)
    .length;

beforeEach(async () => {
  h = await startHarness({ sim: { timeline: { days: 1 } } });
  await h.connect(USER);
  deps = { db: h.db, spotify: h.services.spotify.client, clock: h.clock, logger: h.logger, timeZone: 'UTC' };
  artists = h.sim.state.catalog.artists
    .filter((a) => h.sim.state.catalog.tracksByArtist(a.id).length >= 3)
    .slice(20);
});
afterEach(async () => {
  await h.close();
});

/** Now is 2026-11-02 12:00 UTC; the default window runs to 2027-01-31. */
function baseShows(): ShowSpec[] {
  const [A, B, C, D, E, F, G] = artists as [CatalogArtist, ...CatalogArtist[]];
  return [
    { id: 'E1', date: '2026-11-10', time: '19:00', bill: [A.name, B!.name] },
    { id: 'E2', date: '2026-11-10', time: '20:00', venue: 'Asbury Hall', bill: [C!.name] },
    { id: 'E3', date: '2026-11-05', bill: [D!.name] },
    { id: 'E4', date: '2026-11-20', bill: [A.name] },
    { id: 'E5', date: '2026-11-01', bill: [E!.name] },
    { id: 'E6', date: '2026-11-12', status: 'cancelled', bill: [F!.name] },
    { id: 'E7', date: '2027-03-01', bill: [G!.name] },
  ];
}

async function seedBase(): Promise<string[]> {
  const [A, B, C, D, E, F, G] = artists as [CatalogArtist, ...CatalogArtist[]];
  await addShows(h.db, baseShows(), h.clock.now());
  for (const a of [A, B!, D!, E!, F!, G!]) await matchWithPicks(a);
  // C's picks share a track with B (a collaboration): it must appear once.
  const bTracks = tracksOf(B!);
  await matchWithPicks(C!, [bTracks[0]!, ...tracksOf(C!, 3)]);
  // The user listens to B (the support act of E1).
  await addCreditedPlays(h.db, USER, bTracks[1]!, { id: B!.id, name: B!.name }, 7);
  // Soonest first (D, 11-05); on 11-10 the known B before headliners A (19:00) and C (20:00);
  // A again on 11-20 is skipped; past E5, cancelled E6 and E7 (beyond 90 days) drop out.
  const cTracks = tracksOf(C!, 3).filter((t) => t.id !== bTracks[0]!.id);
  return [...tracksOf(D!), ...bTracks, ...tracksOf(A), ...cTracks.slice(0, 3)].map((t) => t.id);
}

describe('playlist create', () => {
  it('creates one Spotify playlist holding the ranked tracks in order', async () => {
    const expected = await seedBase();
    const result = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id }),
    });
    expect(result.created).toBe(true);
    expect(result.tracks.map((t) => t.trackId)).toEqual(expected);
    expect(simUris(result.spotifyPlaylistId)).toEqual(expected);
    const sim = simPlaylist(result.spotifyPlaylistId)!;
    expect(sim.name).toBe('Shows near Buffalo, NY');
    expect(sim.public).toBe(false);
    expect(sim.description).toContain('near Buffalo, NY in the next 90 days (to 2027-01-31)');
    expect(sim.description).toContain('Updated 2026-11-02');
    expect(calls('POST', '/me/playlists')).toBe(1);
    expect(calls('PUT', `/playlists/${sim.id}/items`)).toBe(1);
    const stored = await findManagedPlaylist(h.db, result.key);
    expect(stored).toMatchObject({
      spotifyPlaylistId: sim.id,
      trackIds: expected,
      snapshotId: sim.snapshotId,
    });
    expect(stored?.lastChange).toMatchObject({ added: expected.length, removed: 0, kept: 0, created: true });
    // Why each track is there: its show and artist.
    expect(result.tracks[0]).toMatchObject({ eventKey: 'ticketmaster:E3', artistName: artists[3]!.name });
    expect(result.tracks[3]).toMatchObject({ eventKey: 'ticketmaster:E1', headliner: false, plays: 7 });
  });

  it('applies tracks per artist, max tracks and only-known / only-new', async () => {
    await seedBase();
    const [A, B, , D] = artists;
    const one = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id, tracksPerArtist: 1, maxTracks: 3 }),
      name: 'One each',
    });
    expect(one.tracks.map((t) => t.artistId)).toEqual([D!.id, B!.id, A!.id]);
    expect(simPlaylist(one.spotifyPlaylistId)?.name).toBe('One each');
    const known = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id, onlyKnown: true }),
    });
    expect(new Set(known.tracks.map((t) => t.artistId))).toEqual(new Set([B!.id]));
    const fresh = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id, onlyNew: true }),
    });
    expect(fresh.tracks.some((t) => t.artistId === B!.id)).toBe(false);
    expect(fresh.tracks).toHaveLength(9);
    // Genre: the event's classification or the artist's Spotify genres.
    await h.db.run("UPDATE events SET genre = 'Jazz' WHERE event_key = 'ticketmaster:E2'");
    await h.db.run(
      "INSERT OR REPLACE INTO artists (artist_id, name, genres) VALUES (?, ?, ['smooth jazz'])",
      [D!.id, D!.name],
    );
    const jazz = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id, genre: 'jazz' }),
    });
    expect(new Set(jazz.tracks.map((t) => t.artistId))).toEqual(new Set([D!.id, artists[2]!.id]));
    expect(simPlaylist(jazz.spotifyPlaylistId)?.description).toContain('(jazz)');
  });

  it('refuses an unknown place before calling Spotify', async () => {
    const before = h.sim.state.requestLog.entries.length;
    await expect(
      createPlaylist(deps, { userId: USER, definition: parseDefinition({ placeId: 'atlantis' }) }),
    ).rejects.toThrow(PlaylistInputError);
    expect(h.sim.state.requestLog.entries.length).toBe(before);
  });
});

describe('playlist refresh', () => {
  it('rewrites the same playlist in place: PUT the first 100, POST the rest; past and cancelled shows drop out', async () => {
    await seedBase();
    const created = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id, maxTracks: 500 }),
    });
    const id = created.spotifyPlaylistId;
    // 45 more artists, one show each in December: 135 more tracks.
    const more = artists.slice(10, 55);
    await addShows(
      h.db,
      more.map((a, i) => ({
        id: `M${i}`,
        date: `2026-12-${String(1 + (i % 28)).padStart(2, '0')}`,
        bill: [a.name],
      })),
      h.clock.now(),
    );
    for (const a of more) await matchWithPicks(a);
    // A week later: D's show (11-05) is over, and E1 (A and B) is called off.
    h.clock.advance(7 * 86_400_000);
    await addShows(h.db, [{ ...baseShows()[0]!, status: 'cancelled' }], h.clock.now());
    const putsBefore = calls('PUT', `/playlists/${id}/items`);
    const postsBefore = calls('POST', `/playlists/${id}/items`);

    const { report, results } = await refreshPlaylists(deps);
    const result = results[0]!;
    expect(result.spotifyPlaylistId).toBe(id);
    expect(result.recreated).toBe(false);
    expect(h.sim.state.playlistsOf(USER)).toHaveLength(1);
    const [A, B, C, D] = artists;
    const ids = result.tracks.map((t) => t.trackId);
    expect(ids.length).toBe(3 + 3 + 135); // A (now at E4, 11-20) + C + the 45 new artists
    expect(result.tracks.some((t) => t.artistId === D!.id || t.artistId === B!.id)).toBe(false);
    expect(result.tracks[0]).toMatchObject({ artistId: C!.id, eventKey: 'ticketmaster:E2' });
    expect(result.tracks.find((t) => t.artistId === A!.id)?.eventKey).toBe('ticketmaster:E4');
    expect(simUris(id)).toEqual(ids);
    const itemWrites = h.sim.state.requestLog.entries
      .filter((e) => e.path === `/v1/playlists/${id}/items`)
      .slice(-2)
      .map((e) => e.method);
    expect(itemWrites).toEqual(['PUT', 'POST']);
    expect(calls('PUT', `/playlists/${id}/items`) - putsBefore).toBe(1);
    expect(calls('POST', `/playlists/${id}/items`) - postsBefore).toBe(1);
    expect(calls('PUT', `/playlists/${id}`)).toBe(1); // the description
    expect(calls('POST', '/me/playlists')).toBe(1);
    // D's 3 and B's b1, b2 left, and C's third pick (C now takes the shared track first); A's 3 and C's other 3 kept.
    expect(result.change).toEqual({ added: 135, removed: 6, kept: 6 });
    expect(report.counts).toMatchObject({
      playlists: 1,
      playlists_changed: 1,
      tracks_added: 135,
      tracks_removed: 6,
    });
    expect(report.apiCalls).toEqual({
      'spotify POST /playlists/{id}/items': 1,
      'spotify PUT /playlists/{id}': 1,
      'spotify PUT /playlists/{id}/items': 1,
      'spotify-accounts POST /api/token': 1, // a week later the access token had expired
    });
    const [run] = await recentRuns(h.db, { job: 'playlist-refresh' });
    expect(run?.outcome).toBe('ok');
    expect(JSON.parse(run!.counts!)).toMatchObject({ tracks_added: 135, tracks_removed: 6 });
    expect(run?.summary).toContain('1 changed (+135 −6 tracks, 6 kept)');
    expect(simPlaylist(id)?.description).toContain('Updated 2026-11-09');
  });

  it('stops at a long Spotify rate limit, reports when to resume, and the next run rewrites the whole list', async () => {
    await seedBase();
    const created = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id, maxTracks: 500 }),
    });
    const more = artists.slice(10, 50);
    await addShows(
      h.db,
      more.map((a, i) => ({ id: `M${i}`, date: '2026-12-01', bill: [a.name] })),
      h.clock.now(),
    );
    for (const a of more) await matchWithPicks(a);
    h.sim.state.injectFault({
      kind: 'rate_limit',
      retryAfterSeconds: 3600,
      method: 'POST',
      path: /\/items$/,
    });

    const first = await refreshPlaylists(deps);
    expect(first.report.outcome).toBe('deferred');
    expect(first.report.resumeAt).toBe(h.clock.now() + 3_600_000);
    expect(first.report.errors[0]).toContain('rate limit');
    // Only the first 100 reached Spotify; encore still records what it last wrote completely.
    expect(simUris(created.spotifyPlaylistId)).toHaveLength(100);
    expect((await findManagedPlaylist(h.db, created.key))?.trackIds).toEqual(
      created.tracks.map((t) => t.trackId),
    );
    const [saved] = await recentRuns(h.db, { job: 'playlist-refresh' });
    expect(saved?.outcome).toBe('deferred');

    h.clock.advance(3_600_000 + 1000);
    const second = await refreshPlaylists(deps);
    expect(second.report.outcome).toBe('ok');
    const ids = second.results[0]!.tracks.map((t) => t.trackId);
    expect(ids.length).toBeGreaterThan(100);
    expect(simUris(created.spotifyPlaylistId)).toEqual(ids);
  });

  it('writes no items when nothing changed', async () => {
    await seedBase();
    const created = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id }),
    });
    const before = simPlaylist(created.spotifyPlaylistId)!.entries.map((e) => e.uri);
    const result = await refreshPlaylist(deps, created.key);
    expect(result.itemsWritten).toBe(false);
    expect(result.change).toEqual({ added: 0, removed: 0, kept: before.length });
    expect(calls('PUT', `/playlists/${created.spotifyPlaylistId}/items`)).toBe(1);
    expect(simPlaylist(created.spotifyPlaylistId)!.entries.map((e) => e.uri)).toEqual(before);
  });

  it('recreates a playlist the user deleted on Spotify, and says so', async () => {
    const expected = await seedBase();
    const created = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id }),
    });
    expect(h.sim.state.deletePlaylist(created.spotifyPlaylistId)).toBe(true);

    const { report, results } = await refreshPlaylists(deps);
    const result = results[0]!;
    expect(result.recreated).toBe(true);
    expect(result.previousSpotifyId).toBe(created.spotifyPlaylistId);
    expect(result.spotifyPlaylistId).not.toBe(created.spotifyPlaylistId);
    expect(simUris(result.spotifyPlaylistId)).toEqual(expected);
    expect(h.sim.state.playlistsOf(USER).map((p) => p.id)).toEqual([result.spotifyPlaylistId]);
    expect(report.counts.recreated).toBe(1);
    expect(report.summary).toContain('1 recreated after being deleted on Spotify');
    expect(report.apiCalls['spotify POST /me/playlists']).toBe(1);
    const stored = await findManagedPlaylist(h.db, created.key);
    expect(stored?.spotifyPlaylistId).toBe(result.spotifyPlaylistId);
    expect(stored?.lastChange).toMatchObject({ recreated: true });
    expect(h.logger.lines.join('\n')).toContain('deleted on Spotify');
  });

  it('never touches a playlist encore did not create', async () => {
    await seedBase();
    const spotify = h.services.spotify.client;
    const own = await spotify.createPlaylist(USER, { name: 'My own mix', description: 'hands off' });
    const ownTracks = tracksOf(artists[30]!).map((t) => `spotify:track:${t.id}`);
    await spotify.addPlaylistItems(USER, own.id, ownTracks);
    const snapshot = simPlaylist(own.id)!.snapshotId;
    const touchedBefore = h.sim.state.requestLog.entries.filter((e) => e.path.includes(own.id)).length;

    await createPlaylist(deps, { userId: USER, definition: parseDefinition({ placeId: BUFFALO.id }) });
    await refreshPlaylists(deps);
    await expect(refreshPlaylist(deps, own.id)).rejects.toThrow(/only changes playlists it created/);
    expect(await findManagedPlaylist(h.db, own.id)).toBeUndefined();

    expect(simPlaylist(own.id)).toMatchObject({
      snapshotId: snapshot,
      name: 'My own mix',
      description: 'hands off',
    });
    expect(simPlaylist(own.id)!.entries.map((e) => e.uri)).toEqual(ownTracks);
    expect(h.sim.state.requestLog.entries.filter((e) => e.path.includes(own.id)).length).toBe(touchedBefore);
  });

  it('keeps refreshing the others when one fails, and reports it', async () => {
    await seedBase();
    const good = await createPlaylist(deps, {
      userId: USER,
      definition: parseDefinition({ placeId: BUFFALO.id }),
    });
    await h.db.run(
      `INSERT INTO playlists (playlist_key, user_id, name, definition, created_at)
       VALUES ('pl_gone', ?, 'Gone', ?, now())`,
      [USER, JSON.stringify({ ...parseDefinition({ placeId: 'removed-place' }) })],
    );
    const { report } = await refreshPlaylists(deps);
    expect(report.outcome).toBe('partial');
    expect(report.counts).toMatchObject({ playlists: 1, failed: 1 });
    expect(report.errors[0]).toMatch(/^pl_gone: No place "removed-place"/);
    expect(simPlaylist(good.spotifyPlaylistId)).toBeDefined();
  });
});
