import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeferredError } from '../../src/http/errors.ts';
import { PlaylistInputError } from '../../src/playlists/index.ts';
import {
  createForgottenPlaylist,
  type ForgottenPlaylistDeps,
} from '../../src/playlists/forgotten-playlist.ts';
import { type Harness, startHarness } from '../helpers/harness.ts';

/**
 * "Make a playlist" of forgotten favourites against the Spotify simulator over HTTP.
 * Now is the harness's 2026-11-02 12:00 UTC; the plays below are from January 2026.
 */
const USER = 'demo-bob';
let h: Harness;
let deps: ForgottenPlaylistDeps;
let ids: string[];

async function plays(trackKey: string, trackId: string | null, n: number, month = 0): Promise<void> {
  for (let i = 0; i < n; i++)
    await h.db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_id, track_name, artist_name, ms_played, source)
       VALUES (?, ?, ?, ?, 'Song', 'Someone', 200000, 'export_extended')`,
      [USER, trackKey, new Date(Date.UTC(2026, month, 1 + i, 12)), trackId],
    );
}

beforeAll(async () => {
  h = await startHarness({ sim: { timeline: { days: 1 } } });
  await h.connect(USER);
  deps = { db: h.db, spotify: h.services.spotify.client, clock: h.clock, logger: h.logger };
  const artist = h.sim.state.catalog.artists.find(
    (a) => h.sim.state.catalog.tracksByArtist(a.id).length >= 2,
  )!;
  ids = h.sim.state.catalog
    .tracksByArtist(artist.id)
    .slice(0, 2)
    .map((t) => t.id);
});
afterAll(() => h.close());

describe('a playlist of forgotten favourites', () => {
  it('refuses when nothing is forgotten, and when only names are', async () => {
    const input = { userId: USER, timeZone: 'UTC', months: 6 };
    await expect(createForgottenPlaylist(deps, input)).rejects.toThrow(/No forgotten favourites/);
    await plays('name:someone|song', null, 6);
    await expect(createForgottenPlaylist(deps, input)).rejects.toThrow(PlaylistInputError);
    await expect(createForgottenPlaylist(deps, input)).rejects.toThrow(/Spotify track id/);
    expect(h.sim.state.playlistsOf(USER)).toEqual([]);
  });

  it('creates a private playlist with the forgotten tracks, most streamed first', async () => {
    await plays(ids[0]!, ids[0]!, 5);
    await plays(ids[1]!, ids[1]!, 8, 1);
    const made = await createForgottenPlaylist(deps, { userId: USER, timeZone: 'UTC', months: 6 });
    expect(made).toMatchObject({ tracks: 2, skipped: 1, name: 'Forgotten favourites · 2026-11-02' });
    const sim = h.sim.state.playlistsOf(USER).find((p) => p.id === made.spotifyPlaylistId)!;
    expect(sim.public).toBe(false);
    expect(sim.entries.map((e) => e.uri)).toEqual([`spotify:track:${ids[1]}`, `spotify:track:${ids[0]}`]);
    expect(sim.description).toContain('not since 2026-05-02');
  });

  it("passes on Spotify's request to wait, having made nothing", async () => {
    const before = h.sim.state.playlistsOf(USER).length;
    h.sim.state.injectFault({
      kind: 'rate_limit',
      retryAfterSeconds: 3600,
      method: 'POST',
      path: /playlists$/,
    });
    await expect(createForgottenPlaylist(deps, { userId: USER, timeZone: 'UTC', months: 6 })).rejects.toThrow(
      DeferredError,
    );
    expect(h.sim.state.playlistsOf(USER)).toHaveLength(before);
  });
});
