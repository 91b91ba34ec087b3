import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogTrack } from '../../sim/spotify/catalog.ts';
import { nameKey } from '../../src/history/keys.ts';
import { SpotifyBudget } from '../../src/resolve/index.ts';
import { resolveCatalog } from '../../src/jobs/resolve.ts';
import type { RunReport } from '../../src/store/job-runs.ts';
import {
  artistOf,
  namedPlay,
  playOf,
  type ResolveWorld,
  spotifyCalls,
  startResolveWorld,
  trackByName,
  USER,
} from './helpers.ts';

let w: ResolveWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

interface Fixture {
  halo: CatalogTrack;
  weight: CatalogTrack;
  weightSingle: CatalogTrack;
  zepagain: CatalogTrack;
  rudd: CatalogTrack;
  mbOnly: CatalogTrack;
  roundabout: CatalogTrack;
}

/** A small export: extended plays of seven tracks (some played more), three name-only plays. */
async function importExport(world: ResolveWorld): Promise<Fixture> {
  const { catalog, mb } = world;
  const weight = trackByName(catalog, 'The Band', 'The Weight');
  const weightSingle = catalog.tracks.find((t) => t.isrc === weight.isrc && t.id !== weight.id)!;
  // An artist Spotify gives no genres but MusicBrainz links and tags with genres.
  const mbArtist = mb.world.artists.find(
    (a) => a.spotifyId && a.genres.length > 0 && catalog.artist(a.spotifyId)!.genres.length === 0,
  )!;
  const f: Fixture = {
    halo: trackByName(catalog, 'Beyoncé', 'Halo'),
    weight,
    weightSingle,
    zepagain: trackByName(catalog, 'Led Zepagain', 'Stairway to Heaven - Live'),
    rudd: trackByName(catalog, 'Xavier Rudd', 'Follow the Sun'),
    mbOnly: catalog.tracksByArtist(mbArtist.spotifyId!)[0]!,
    roundabout: trackByName(catalog, 'Yes', 'Roundabout'),
  };
  const extended = [
    ...[1, 2, 3, 4].map(() => playOf(catalog, f.halo)),
    ...[1, 2, 3].map(() => playOf(catalog, f.weight)),
    playOf(catalog, f.weightSingle),
    playOf(catalog, f.weightSingle),
    playOf(catalog, f.zepagain),
    playOf(catalog, f.rudd),
    playOf(catalog, f.mbOnly),
  ];
  const account = [
    namedPlay('Yes', 'Roundabout'),
    namedPlay('Yes', 'Roundabout'),
    namedPlay('Nobody You Know', 'A Song That Does Not Exist'),
  ];
  await world.importRows(extended, account);
  return f;
}

const DISTINCT_TRACKS = 6;
const NAMES = 2;

/** Genres from Spotify first, then MusicBrainz when the link is certain, never a guess. */
async function expectGenres(w: ResolveWorld, f: Fixture): Promise<void> {
  const genres = async (trackArtistId: string) =>
    w.h.db.one<{ genres: string[] | null; genres_source: string | null; mbid: string | null }>(
      'SELECT genres, genres_source, mbid FROM artists WHERE artist_id = ?',
      [trackArtistId],
    );
  const beyonce = artistOf(w.catalog, f.halo);
  expect(await genres(beyonce.id)).toEqual({
    genres: beyonce.genres,
    genres_source: 'spotify',
    mbid: null,
  });

  const mbOnlyArtist = artistOf(w.catalog, f.mbOnly);
  const mbEntry = w.mb.world.artists.find((a) => a.spotifyId === mbOnlyArtist.id)!;
  const byVotes = [...mbEntry.genres].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  expect(await genres(mbOnlyArtist.id)).toEqual({
    genres: byVotes.map((g) => g.name),
    genres_source: 'musicbrainz',
    mbid: mbEntry.id,
  });

  // Xavier Rudd: no Spotify genres, no URL link, and two MusicBrainz artists of that name.
  const rudd = artistOf(w.catalog, f.rudd);
  expect(await genres(rudd.id)).toEqual({ genres: null, genres_source: null, mbid: null });
  const ruddAttempt = await w.h.db.one<{ outcome: string; detail: string }>(
    'SELECT outcome, detail FROM resolve_attempts WHERE subject = ?',
    [`artist:${rudd.id}`],
  );
  expect(ruddAttempt).toEqual({
    outcome: 'unresolved',
    detail: expect.stringMatching(/2 MusicBrainz artists share this name/),
  });

  // Led Zepagain is in MusicBrainz by name only (unique): whatever genres it has there are used.
  const zep = artistOf(w.catalog, f.zepagain);
  const zepEntry = w.mb.world.artists.find((a) => a.name === 'Led Zepagain')!;
  const zepRow = await genres(zep.id);
  if (zepEntry.genres.length)
    expect(zepRow).toMatchObject({ genres_source: 'musicbrainz', mbid: zepEntry.id });
  else expect(zepRow?.genres).toBeNull();
}

/** Every Spotify call is one lookup: tracks + searches + artists, nothing twice. */
async function expectOneCallPerLookup(w: ResolveWorld, report: RunReport): Promise<void> {
  const calls = spotifyCalls(w);
  const artistsLooked = await w.h.db.one<{ n: number }>(
    "SELECT count(*) AS n FROM resolve_attempts WHERE subject LIKE 'artist:%'",
  );
  expect(calls).toEqual({
    tracks: DISTINCT_TRACKS,
    search: NAMES,
    artists: artistsLooked!.n,
    all: DISTINCT_TRACKS + NAMES + artistsLooked!.n,
  });
  expect(report.apiCalls).toMatchObject({
    'spotify GET /tracks/{id}': DISTINCT_TRACKS,
    'spotify GET /search': NAMES,
    'spotify GET /artists/{id}': artistsLooked!.n,
  });
}

describe('encore resolve', () => {
  it('fills tracks, ISRCs, name-only plays and genres (Spotify first, then MusicBrainz, never a guess)', async () => {
    w = await startResolveWorld();
    const f = await importExport(w);
    expect(spotifyCalls(w).all).toBe(0); // the import itself makes none

    const report = await w.resolve();
    expect(report.outcome).toBe('ok');
    expect(report.errors).toEqual([]);
    expect(report.counts.lookups_failed).toBeUndefined();
    expect(report.counts).toMatchObject({
      tracks_resolved: DISTINCT_TRACKS,
      names_resolved: 1,
      names_unresolved: 1,
    });

    const tracks = (
      await w.h.db.all<{ track_id: string; isrc: string; name: string }>(
        'SELECT track_id, isrc, name FROM tracks',
      )
    ).sort((a, b) => a.track_id.localeCompare(b.track_id));
    const expected = [f.halo, f.weight, f.weightSingle, f.zepagain, f.rudd, f.mbOnly, f.roundabout];
    expect(tracks).toEqual(
      expected
        .map((t) => ({ track_id: t.id, isrc: t.isrc, name: t.name }))
        .sort((a, b) => a.track_id.localeCompare(b.track_id)),
    );

    // Name-only plays got their track id and kept their key.
    const named = await w.h.db.all<{ track_key: string; track_id: string | null }>(
      "SELECT track_key, track_id FROM plays WHERE source = 'export_account' ORDER BY track_key",
    );
    expect(named).toEqual([
      { track_key: nameKey('track', 'Nobody You Know', 'A Song That Does Not Exist'), track_id: null },
      { track_key: nameKey('track', 'Yes', 'Roundabout'), track_id: f.roundabout.id },
      { track_key: nameKey('track', 'Yes', 'Roundabout'), track_id: f.roundabout.id },
    ]);

    await expectGenres(w, f);
    await expectOneCallPerLookup(w, report);

    // The run is on record.
    const run = await w.h.db.one<{ outcome: string; counts: string; summary: string }>(
      "SELECT outcome, counts, summary FROM job_runs WHERE job = 'resolve' AND user_id = ?",
      [USER],
    );
    expect(run?.outcome).toBe('ok');
    expect(JSON.parse(run!.counts).tracks_resolved).toBe(DISTINCT_TRACKS);
    expect(run!.summary).toContain('done: nothing left to look up');
  });

  it('respects MusicBrainz: 1 request per second, a real User-Agent, no 503s', async () => {
    w = await startResolveWorld();
    await importExport(w);
    await w.resolve();
    const log = w.mb.state.requestLog;
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(w.mb.state.statusCount(503)).toBe(0);
    expect(w.mb.state.statusCount(403)).toBe(0);
    for (const entry of log)
      expect(entry.userAgent).toMatch(/^encore\/\d+\.\d+\.\d+ \( https:\/\/example\.org\/encore-tests \)$/);
    for (let i = 1; i < log.length; i++) expect(log[i]!.at - log[i - 1]!.at).toBeGreaterThanOrEqual(1000);
  });

  it('counts the same recording on two releases once (track_recordings by ISRC)', async () => {
    w = await startResolveWorld();
    const f = await importExport(w);
    await w.resolve();
    const row = await w.h.db.one<{ ids: number; recordings: number; plays: number }>(
      `SELECT count(DISTINCT p.track_id) AS ids, count(DISTINCT r.recording_id) AS recordings, count(*) AS plays
       FROM plays p JOIN track_recordings r ON r.track_id = p.track_id WHERE p.track_id IN (?, ?)`,
      [f.weight.id, f.weightSingle.id],
    );
    expect(row).toEqual({ ids: 2, recordings: 1, plays: 5 });
    const others = await w.h.db.one<{ n: number }>(
      'SELECT count(*) AS n FROM track_recordings WHERE track_id <> recording_id',
    );
    expect(others?.n).toBe(1);
  });

  it('spends exactly the budget, and the next run resumes where the last one stopped', async () => {
    w = await startResolveWorld();
    await importExport(w);
    const first = await w.resolve(3);
    expect(spotifyCalls(w).all).toBe(3);
    expect(first.outcome).toBe('partial');
    expect(first.counts.stopped_budget).toBe(1);
    expect(first.summary).toMatch(/budget is used up/);
    // Most-played first: Halo (4 plays), The Weight (3), the single (2).
    expect(first.counts.tracks_resolved).toBe(3);

    const second = await w.resolve(4);
    expect(spotifyCalls(w).all).toBe(7);
    expect(second.outcome).toBe('partial');

    const third = await w.resolve();
    expect(third.outcome).toBe('ok');
    const log = w.h.sim.state.requestLog.entries.filter((e) => /^\/v1\/(tracks|artists)\//.test(e.path));
    expect(new Set(log.map((e) => e.path)).size).toBe(log.length); // nothing looked up twice
    const searches = w.h.sim.state.requestLog.entries.filter((e) => e.path === '/v1/search');
    expect(new Set(searches.map((e) => e.query.q)).size).toBe(searches.length);
    const tracks = await w.h.db.one<{ n: number }>('SELECT count(*) AS n FROM tracks');
    expect(tracks?.n).toBe(DISTINCT_TRACKS + 1);
  });

  it('does not look up again what it could not resolve (names without an exact match, unknown track ids)', async () => {
    w = await startResolveWorld();
    await importExport(w);
    const gone = 'Gone000000000000000000';
    await w.importRows([
      { ...playOf(w.catalog, w.catalog.tracks[0]!), spotify_track_uri: `spotify:track:${gone}` },
    ]);
    const first = await w.resolve();
    expect(first.counts).toMatchObject({ tracks_not_found: 1, names_unresolved: 1 });
    expect(first.errors).toEqual([]);
    const before = spotifyCalls(w).all;
    const again = await w.resolve();
    expect(spotifyCalls(w).all).toBe(before);
    expect(again.apiCalls).toEqual({});
    const attempt = await w.h.db.one<{ outcome: string; attempts: number }>(
      'SELECT outcome, attempts FROM resolve_attempts WHERE subject = ?',
      [`name:${nameKey('track', 'Nobody You Know', 'A Song That Does Not Exist')}`],
    );
    expect(attempt).toEqual({ outcome: 'unresolved', attempts: 1 });
    const missing = await w.h.db.one<{ outcome: string; detail: string }>(
      'SELECT outcome, detail FROM resolve_attempts WHERE subject = ?',
      [`track:${gone}`],
    );
    expect(missing).toEqual({ outcome: 'unresolved', detail: 'not found on Spotify' });
  });

  it('stops on a long Retry-After, keeps what was done, and resumes after the pause', async () => {
    w = await startResolveWorld();
    const f = await importExport(w);
    w.h.sim.state.injectFault({
      kind: 'rate_limit',
      retryAfterSeconds: 3600,
      path: `/v1/tracks/${f.weightSingle.id}`,
    });
    const deferred = await w.resolve();
    expect(deferred.outcome).toBe('deferred');
    expect(deferred.resumeAt).toBe(w.h.clock.now() + 3600_000);
    expect(deferred.counts.tracks_resolved).toBe(2);
    const kept = await w.h.db.all<{ track_id: string }>('SELECT track_id FROM tracks ORDER BY track_id');
    expect(kept.map((t) => t.track_id)).toEqual([f.halo.id, f.weight.id].sort());

    // Asked again during the pause: no call at all.
    const calls = spotifyCalls(w).all;
    const paused = await w.resolve();
    expect(paused.outcome).toBe('deferred');
    expect(spotifyCalls(w).all).toBe(calls);

    w.h.clock.advance(3601_000);
    const resumed = await w.resolve();
    expect(resumed.outcome).toBe('ok');
    expect(resumed.counts.tracks_resolved).toBe(DISTINCT_TRACKS - 2);
  });

  it('merges a name-only play with the live play of the same track captured after the import', async () => {
    w = await startResolveWorld();
    const f = await importExport(w);
    const imported = await w.h.db.one<{ at: Date }>(
      "SELECT min(played_at) AS at FROM plays WHERE source = 'export_account' AND track_key LIKE 'name:yes|%'",
    );
    // What live capture stores: the track id as key, the exact end of play, an inferred length.
    await w.h.db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_id, kind, track_name, artist_name, ms_played, ms_played_source, source)
       VALUES (?, ?, ?::TIMESTAMPTZ + INTERVAL 25 SECOND, ?, 'track', 'Roundabout', 'Yes', 100000, 'inferred', 'recently_played')`,
      [USER, f.roundabout.id, imported!.at, f.roundabout.id],
    );
    const report = await w.resolve();
    expect(report.counts.duplicates_merged).toBe(1);
    const plays = await w.h.db.all<{ source: string; ms_played: number; ms_played_source: string }>(
      'SELECT source, ms_played, ms_played_source FROM plays WHERE user_id = ? AND track_id = ? ORDER BY played_at',
      [USER, f.roundabout.id],
    );
    expect(plays).toEqual([
      { source: 'recently_played', ms_played: 200000, ms_played_source: 'export' },
      { source: 'export_account', ms_played: 200000, ms_played_source: 'export' },
    ]);
  });

  it('records a lookup that keeps failing, tries it again in later runs, and gives up after three', async () => {
    w = await startResolveWorld();
    const f = await importExport(w);
    w.h.sim.state.injectFault({
      kind: 'server_error',
      status: 500,
      path: `/v1/tracks/${f.zepagain.id}`,
      times: Infinity,
    });
    const first = await w.resolve();
    expect(first.outcome).toBe('ok');
    expect(first.counts.lookups_failed).toBe(1);
    expect(first.errors[0]).toMatch(/answered 500/);
    expect(first.summary).toMatch(/left for a later run: 1 track/);
    const calls = () => w!.h.sim.state.requestLog.callCount(`/v1/tracks/${f.zepagain.id}`);
    expect(calls()).toBe(3); // the first try and two retries

    for (const run of [2, 3]) {
      w.h.clock.advance(60_000);
      const again = await w.resolve();
      expect(again.counts.lookups_failed).toBe(1);
      expect(calls()).toBe(3 * run);
    }
    w.h.clock.advance(60_000);
    const last = await w.resolve();
    expect(last.apiCalls).toEqual({});
    expect(calls()).toBe(9);
    const attempt = await w.h.db.one<{ outcome: string; attempts: number }>(
      'SELECT outcome, attempts FROM resolve_attempts WHERE subject = ?',
      [`track:${f.zepagain.id}`],
    );
    expect(attempt).toEqual({ outcome: 'failed', attempts: 3 });
  });

  it('stops between lookups when encore shuts down, and the next run carries on', async () => {
    w = await startResolveWorld();
    await importExport(w);
    const shutdown = new AbortController();
    let lookups = 0;
    const progress = {
      start() {},
      update() {},
      done() {},
      tick() {
        if (++lookups === 2) shutdown.abort();
      },
    };
    const stopped = await resolveCatalog(
      {
        db: w.h.db,
        ...w.clients,
        budget: new SpotifyBudget(100, w.clients.spotify.counter),
        clock: w.h.clock,
        logger: w.h.logger,
        userId: USER,
        signal: shutdown.signal,
      },
      { progress },
    );
    expect(stopped.outcome).toBe('partial');
    expect(stopped.counts).toMatchObject({ stopped_interrupted: 1, tracks_resolved: 2 });
    expect(spotifyCalls(w).all).toBe(2);
    const rest = await w.resolve();
    expect(rest.outcome).toBe('ok');
    expect(rest.counts.tracks_resolved).toBe(DISTINCT_TRACKS - 2);
  });
});
