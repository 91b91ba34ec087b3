import { afterEach, describe, expect, it } from 'vitest';
import type { Setlist } from '../../src/enrich/setlistfm.ts';
import { rankSetlistSongs, songKey } from '../../src/shows/setlist-songs.ts';
import { readState } from '../../src/store/sync-state.ts';
import { type ShowsHarness, spotifyCalls, startShows, USER } from './helpers.ts';

let s: ShowsHarness | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function setlist(artist: string, songs: Array<{ name: string; tape?: boolean; cover?: boolean }>): Setlist {
  return {
    id: Math.random().toString(16).slice(2),
    eventDate: '01-10-2026',
    artist: { mbid: null, name: artist },
    sets: {
      set: [
        {
          song: songs.map((x) => ({
            name: x.name,
            tape: x.tape ?? null,
            cover: x.cover ? { name: 'Other' } : null,
          })),
        },
      ],
    },
  };
}

describe('setlist songs', () => {
  it('ranks by setlists played in, skipping tape, covers, stubs and other artists', () => {
    const ranked = rankSetlistSongs(
      [
        setlist('The Band', [
          { name: 'Intro', tape: true },
          { name: 'The Weight' },
          { name: 'Ophelia' },
          { name: 'Heroes', cover: true },
        ]),
        setlist('The Band', [{ name: 'Intro', tape: true }, { name: 'The Weight - Live' }]),
        setlist('The Band', []),
        { id: 'stub', artist: { name: 'The Band' }, sets: { set: [] } } as Setlist,
        setlist('The Band Perry', [{ name: 'If I Die Young' }, { name: 'If I Die Young' }]),
      ],
      'The Band',
    );
    expect(ranked).toEqual([
      { name: 'The Weight', plays: 2 },
      { name: 'Ophelia', plays: 1 },
    ]);
    expect(songKey('Song of Rivers - Remastered 2011')).toBe(songKey('Song of Rivers'));
  });
});

describe('track picks', () => {
  it('development tier: top-tracks and audio features are tried once, remembered, and logged once', async () => {
    s = await startShows();
    const first = await s.run();
    expect(first.picks!.picked).toBeGreaterThan(3);
    expect(first.picks!.bySource.top_tracks ?? 0).toBe(0);
    const topTracks = s.h.sim.state.requestLog.entries.filter((e) => e.path.endsWith('/top-tracks'));
    expect(topTracks).toHaveLength(1);
    expect(topTracks[0]!.status).toBe(403);
    expect(spotifyCalls(s.h, '/audio-features')).toBe(1);
    expect(first.features!.outcome).toBe('gated');
    const flags = await readState<Record<string, { allowed: boolean }>>(s.h.db, 'spotify:capabilities');
    expect(flags).toMatchObject({ topTracks: { allowed: false }, audioFeatures: { allowed: false } });

    // A later process (new runtime, flags read back) with every pick expired asks neither again.
    await s.h.db.run('DELETE FROM artist_pick_attempts');
    await s.h.db.run('DELETE FROM artist_picks');
    await s.h.reopen();
    const second = await s.run({ sources: false });
    expect(second.picks!.picked).toBe(first.picks!.picked);
    expect(s.h.sim.state.requestLog.entries.filter((e) => e.path.endsWith('/top-tracks'))).toHaveLength(1);
    expect(spotifyCalls(s.h, '/audio-features')).toBe(1);
    const warnings = s.h.logger.lines.filter((l) => /Audio features are not available/.test(l));
    expect(warnings).toHaveLength(1);
    const featureRows = await s.h.db.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM track_features');
    expect(featureRows!.n).toBe(0);
  });

  it('extended tier: top-tracks first, audio features in batches of up to 100', async () => {
    s = await startShows({ tier: 'extended' });
    const result = await s.run();
    expect(result.picks!.bySource.top_tracks).toBeGreaterThan(0);
    expect(result.picks!.bySource.setlist ?? 0).toBe(0);
    const featureCalls = s.h.sim.state.requestLog.entries.filter((e) => e.path === '/v1/audio-features');
    const picked = await s.h.db.one<{ n: number }>(
      'SELECT count(DISTINCT track_id)::INTEGER AS n FROM artist_picks',
    );
    expect(featureCalls).toHaveLength(Math.ceil(picked!.n / 100));
    const stored = await s.h.db.one<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM track_features WHERE tempo IS NOT NULL',
    );
    expect(stored!.n).toBe(picked!.n);
  });

  it("setlist picks never include songs played from tape; the user's own plays come first", async () => {
    s = await startShows();
    await s.run();
    const catalog = s.h.sim.state.catalog;
    const pickedArtists = await s.h.db.all<{ artist_id: string }>(
      'SELECT DISTINCT artist_id FROM artist_picks ORDER BY 1',
    );
    const known = pickedArtists.map((r) => r.artist_id).find((id) => catalog.tracksByArtist(id).length > 4)!;
    expect(known).toBeDefined();
    // The account has played the artist's least popular track: it becomes the first pick.
    const favourite = catalog.tracksByArtist(known).at(-1)!;
    await s.h.db.run(
      'INSERT INTO track_artists (track_id, artist_id, position) VALUES (?, ?, 0) ON CONFLICT DO NOTHING',
      [favourite.id, known],
    );
    for (let i = 0; i < 4; i++) {
      await s.h.db.run(
        `INSERT INTO plays (user_id, track_key, played_at, track_id, track_name, source) VALUES (?, ?, ?::TIMESTAMPTZ, ?, ?, 'recently_played')`,
        [USER, favourite.id, new Date(Date.UTC(2026, 9, 1 + i)), favourite.id, favourite.name],
      );
    }
    await s.h.db.run('DELETE FROM artist_pick_attempts WHERE artist_id = ?', [known]);
    await s.run({ sources: false });
    const picks = await s.h.db.all<{
      artist_id: string;
      rank: number;
      track_id: string;
      track_name: string;
      source: string;
    }>('SELECT artist_id, rank, track_id, track_name, source FROM artist_picks ORDER BY artist_id, rank');
    expect(picks.find((p) => p.artist_id === known && p.rank === 1)).toMatchObject({
      track_id: favourite.id,
      source: 'history',
    });
    const world = s.world;

    let checked = 0;
    for (const artist of world.artists) {
      const tapes = new Set(
        s.setlist.state
          .setlistsOf(artist)
          .flatMap((l) =>
            l.sets.set.flatMap((set) => set.song.filter((x) => x.tape).map((x) => songKey(x.name))),
          ),
      );
      const fromSetlists = picks.filter((p) => p.artist_id === artist.spotifyId && p.source === 'setlist');
      if (tapes.size === 0 || fromSetlists.length === 0) continue;
      checked++;
      for (const p of fromSetlists) expect(tapes.has(songKey(p.track_name))).toBe(false);
    }
    expect(checked).toBeGreaterThan(3);
  });

  it('a setlist.fm that keeps refusing is dropped for the run; picks come from search and the run is ok', async () => {
    s = await startShows();
    s.setlist.state.faults.inject('rate_limit', { times: 1000 });
    const result = await s.run();
    expect(result.report.outcome).toBe('ok');
    expect(result.picks!.bySource.setlist ?? 0).toBe(0);
    expect(result.picks!.bySource.search).toBeGreaterThan(0);
    // One artist's worth of retries, then no more setlist.fm requests this run.
    expect(s.setlist.state.requestLog.length).toBeLessThanOrEqual(6);
  });
});
