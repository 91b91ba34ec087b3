import { afterEach, describe, expect, it } from 'vitest';
import { captureUser } from '../../src/capture/capture-user.ts';
import { newRunReport } from '../../src/store/job-runs.ts';
import { createNowPlaying } from '../../src/web/now-playing.ts';
import { type Harness, startHarness, storedPlays } from '../helpers/harness.ts';

let h: Harness;
afterEach(async () => h?.close());

/**
 * Payload shapes seen in the wild, served by the simulator's `wild_payloads` fault over
 * real HTTP: the odd item is read or skipped and counted, the rest of the page is kept.
 */
describe('Spotify payloads seen in the wild', () => {
  it('keeps a recently-played track that has no album, and the rest of the page', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    await h.db.run('DELETE FROM plays');
    await h.db.run('DELETE FROM sync_state');
    h.sim.state.injectFault({ kind: 'wild_payloads', path: '/me/player/recently-played' });
    const report = newRunReport('listen-log', 'demo-alice', h.clock.now());
    const deps = { db: h.db, spotify: h.services.spotify.client, clock: h.clock, logger: h.logger };
    await captureUser(deps, 'demo-alice', h.captureOptions, report);
    expect(report.errors).toEqual([]);
    const visible = h.sim.state
      .playsOf('demo-alice')
      .filter((p) => p.visibleAt <= h.clock.now() && p.msPlayed >= 30_000)
      .slice(-50);
    expect(await storedPlays(h.db, 'demo-alice')).toHaveLength(visible.length);
    const newest = visible.at(-1)!;
    // The newest play is the page's first item: the one that came without an album.
    const row = await h.db.one<{ album_name: string | null }>(
      'SELECT album_name FROM plays WHERE track_id = ? AND played_at = make_timestamptz(?::BIGINT * 1000)',
      [newest.trackId, newest.endedAt],
    );
    expect(row).toEqual({ album_name: null });
  });

  it('shows an episode with a string progress_ms as playing, not idle', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    h.sim.state.injectFault({ kind: 'wild_payloads', path: '/me/player/currently-playing' });
    const nowPlaying = createNowPlaying({ spotify: h.services.spotify.client, clock: h.clock });
    const now = await nowPlaying('demo-alice');
    expect(now).toEqual({
      state: 'playing',
      track: 'Episode 112: Records that changed us',
      artists: 'The Long Play',
      trackId: null,
      progressMs: 51_234,
    });
  });

  it('lists playlists and skips-and-counts the one with id: null', async () => {
    h = await startHarness();
    await h.connect('demo-alice');
    const client = h.services.spotify.client;
    await client.createPlaylist('demo-alice', { name: 'Shows near Berlin', public: false });
    h.sim.state.injectFault({ kind: 'wild_payloads', path: '/me/playlists', method: 'GET' });
    const listed = await client.myPlaylists('demo-alice');
    expect(listed.skipped).toBe(1);
    expect(listed.playlists.map((p) => p.name)).toContain('Shows near Berlin');
    expect(listed.playlists.every((p) => typeof p.id === 'string')).toBe(true);
  });
});
