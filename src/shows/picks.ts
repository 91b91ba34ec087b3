/**
 * Track picks: for every artist matched on an upcoming show, the songs worth hearing
 * before the show, through a chain of sources, each used only while picks are missing:
 *
 * 1. the account's own most-played tracks by the artist (no call at all);
 * 2. Spotify top-tracks — Extended tier only: one 403 turns it off (remembered);
 * 3. setlist.fm — songs most played in recent setlists, mapped to the artist's Spotify
 *    tracks (first within one artist-filtered track search, then by a
 *    `track:"…" artist:"…"` search whose result must carry the artist's id);
 * 4. that artist-filtered Spotify track search itself.
 *
 * Picks are cached for 30 days per artist (artist_picks / artist_pick_attempts, also when
 * nothing was found), and up to `keep` are stored so a playlist can ask for more.
 */
import type { SetlistFmClient } from '../enrich/setlistfm.ts';
import { DeferredError } from '../http/index.ts';
import { TierGatedError } from '../spotify/capabilities.ts';
import type { SpotifyClient } from '../spotify/client.ts';
import type { Track } from '../spotify/schemas.ts';
import type { Db } from '../store/db.ts';
import {
  freshPickArtists,
  mostPlayedTracksBy,
  type PickRow,
  savePicks,
  upcomingPerformers,
} from '../store/matches.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { noProgress, type Progress } from '../util/progress.ts';
import { rankSetlistSongs, songKey } from './setlist-songs.ts';
import { resolvePerformerArtists } from './billing-matches.ts';

export const PICK_CACHE_DAYS = 30;
export const DEFAULT_TRACKS_PER_ARTIST = 3;
export const DEFAULT_KEEP = 10;

export interface PickDeps {
  db: Db;
  spotify: SpotifyClient;
  userId: string;
  /** Null when no SETLISTFM_API_KEY is set: that link of the chain is skipped. */
  setlistfm: SetlistFmClient | null;
  clock: Clock;
  logger: Logger;
  progress?: Progress;
}

export interface PickOptions {
  tracksPerArtist?: number;
  keep?: number;
}

export interface PickReport {
  artists: number;
  /** Artists picked in this run (the rest were cached). */
  picked: number;
  cached: number;
  tracks: number;
  /** Artists for which nothing could be picked. */
  empty: number;
  bySource: Record<string, number>;
  deferred?: { resumeAt: number; message: string };
}

export interface PickTarget {
  artistId: string;
  name: string;
  mbid: string | null;
}

/** The matched artists of upcoming shows, with the MBID a single-artist billing carried. */
export async function pickTargets(db: Db, now: Date): Promise<PickTarget[]> {
  const performers = await upcomingPerformers(db, now);
  const names = [...new Set(performers.map((p) => p.name))];
  const resolved = await resolvePerformerArtists(db, names);
  const targets = new Map<string, PickTarget>();
  for (const p of performers) {
    const artists = resolved.get(p.name) ?? [];
    for (const a of artists) {
      const known = targets.get(a.artistId);
      const mbid = artists.length === 1 ? p.mbid : null;
      if (!known) targets.set(a.artistId, { artistId: a.artistId, name: a.artistName ?? p.name, mbid });
      else known.mbid ??= mbid;
    }
  }
  return [...targets.values()];
}

/**
 * Picks for one artist at a time, each at most once per run and not at all while its
 * cached picks are fresh. The shows sync hands each artist over as soon as it is matched,
 * so setlist.fm's slow queue runs while Spotify is busy matching (see shows-sync.ts).
 */
export class Picker {
  readonly report: PickReport = { artists: 0, picked: 0, cached: 0, tracks: 0, empty: 0, bySource: {} };
  private readonly seen = new Set<string>();
  private readonly chain: PickChain;

  private constructor(
    private readonly deps: PickDeps,
    private readonly fresh: Set<string>,
    options: PickOptions,
  ) {
    this.chain = new PickChain(deps, {
      tracksPerArtist: options.tracksPerArtist ?? DEFAULT_TRACKS_PER_ARTIST,
      keep: Math.max(options.keep ?? DEFAULT_KEEP, options.tracksPerArtist ?? 0),
    });
  }

  static async create(deps: PickDeps, options: PickOptions = {}): Promise<Picker> {
    const since = new Date(deps.clock.now() - PICK_CACHE_DAYS * 86_400_000);
    return new Picker(deps, await freshPickArtists(deps.db, since), options);
  }

  /** True when the artist still needs picking in this run. */
  wants(artistId: string): boolean {
    return !this.seen.has(artistId) && !this.fresh.has(artistId);
  }

  /** Picks and stores one artist's tracks (a DeferredError propagates: the caller stops). */
  async pick(target: PickTarget): Promise<void> {
    if (this.seen.has(target.artistId)) return;
    if (this.fresh.has(target.artistId)) {
      this.seen.add(target.artistId);
      this.report.artists++;
      this.report.cached++;
      return;
    }
    const { picks, tried } = await this.chain.pick(target);
    const now = new Date(this.deps.clock.now());
    await this.deps.db.transaction((tx) => savePicks(tx, target.artistId, picks, tried, now));
    this.seen.add(target.artistId);
    const report = this.report;
    report.artists++;
    report.picked++;
    report.tracks += picks.length;
    if (picks.length === 0) report.empty++;
    for (const p of picks) report.bySource[p.source] = (report.bySource[p.source] ?? 0) + 1;
  }
}

/** Picks for every matched artist of an upcoming show that this run (or the cache) has not covered. */
export async function pickTracks(
  deps: PickDeps,
  options: PickOptions = {},
  picker?: Picker,
): Promise<PickReport> {
  const progress = deps.progress ?? noProgress;
  const p = picker ?? (await Picker.create(deps, options));
  const targets = await pickTargets(deps.db, new Date(deps.clock.now()));
  const todo = targets.filter((t) => p.wants(t.artistId));
  for (const t of targets) if (!todo.includes(t)) await p.pick(t); // counts cached ones once
  progress.start('picking tracks', todo.length);
  try {
    for (const target of todo) {
      await p.pick(target);
      progress.tick(1, target.name);
    }
  } catch (error) {
    if (!(error instanceof DeferredError)) throw error;
    p.report.deferred = { resumeAt: error.resumeAt, message: error.message };
    deps.logger.warn('Spotify asked to wait: track picks resume on the next run', {
      picked: p.report.picked,
      resume_at: new Date(error.resumeAt).toISOString(),
    });
  }
  progress.done(`${p.report.picked} artists picked, ${p.report.cached} cached`);
  return p.report;
}

/** The chain for one artist at a time; remembers per run what turned out unavailable. */
class PickChain {
  private setlistFailures = 0;

  constructor(
    private readonly deps: PickDeps,
    private readonly options: { tracksPerArtist: number; keep: number },
  ) {}

  async pick(target: PickTarget): Promise<{ picks: PickRow[]; tried: string[] }> {
    const picks = new PickList(this.options.keep);
    const tried: string[] = [];
    const enough = () => picks.size >= this.options.tracksPerArtist;

    tried.push('history');
    for (const t of await mostPlayedTracksBy(
      this.deps.db,
      target.artistId,
      this.deps.userId,
      this.options.keep,
    )) {
      picks.add({ trackId: t.trackId, trackName: t.name, source: 'history' });
    }
    if (!enough() && this.deps.spotify.capabilities.mayTry('topTracks', this.deps.clock.now())) {
      tried.push('top_tracks');
      for (const t of await this.topTracks(target)) picks.add(toPick(t, 'top_tracks'));
    }
    if (enough()) return { picks: picks.list(), tried };

    // One artist-filtered search serves both setlist mapping and the last link.
    tried.push('search');
    const pool = await this.artistTracks(target);
    if (this.deps.setlistfm && this.setlistFailures < 3) {
      tried.push('setlist');
      await this.fromSetlists(target, pool, picks);
    }
    for (const t of pool) picks.add(toPick(t, 'search'));
    return { picks: picks.list(), tried };
  }

  private async topTracks(target: PickTarget): Promise<Track[]> {
    try {
      const tracks = await this.deps.spotify.topTracks(this.deps.userId, target.artistId);
      return tracks.filter((t) => ownedBy(t, target.artistId));
    } catch (error) {
      if (!(error instanceof TierGatedError)) throw error;
      this.deps.logger.info(
        'Spotify top-tracks is not available to this app (Development Mode); using setlists and search',
      );
      return [];
    }
  }

  private async artistTracks(target: PickTarget): Promise<Track[]> {
    const tracks = await this.deps.spotify.searchTracks(
      this.deps.userId,
      `artist:"${quoteSafe(target.name)}"`,
      10,
    );
    return tracks.filter((t) => ownedBy(t, target.artistId));
  }

  private async fromSetlists(target: PickTarget, pool: readonly Track[], picks: PickList): Promise<void> {
    let setlists;
    try {
      setlists = await this.deps.setlistfm!.artistSetlists({ mbid: target.mbid, name: target.name });
    } catch (error) {
      // setlist.fm is a nice-to-have: a failure falls through to search, and three (or one
      // long "wait" from it) stop asking for this run — Spotify work carries on.
      this.setlistFailures += error instanceof DeferredError ? 3 : 1;
      this.deps.logger.warn('setlist.fm failed; using Spotify search for this artist', {
        artist: target.name,
        error: (error as Error).message,
      });
      return;
    }
    const byKey = new Map(pool.map((t) => [songKey(t.name), t]));
    for (const song of rankSetlistSongs(setlists, target.name)) {
      if (picks.full) break;
      const inPool = byKey.get(songKey(song.name));
      if (inPool) {
        picks.add(toPick(inPool, 'setlist'));
        continue;
      }
      // A song outside the artist's first search page costs a call: only while short of picks.
      if (picks.size >= this.options.tracksPerArtist) continue;
      const found = await this.deps.spotify.searchTracks(
        this.deps.userId,
        `track:"${quoteSafe(song.name)}" artist:"${quoteSafe(target.name)}"`,
        5,
      );
      const match = found.find((t) => ownedBy(t, target.artistId) && songKey(t.name) === songKey(song.name));
      if (match) picks.add(toPick(match, 'setlist'));
    }
  }
}

/** Picks in order, no track twice and no song twice ("Song" and "Song - Live"). */
class PickList {
  private readonly items: PickRow[] = [];
  private readonly ids = new Set<string>();
  private readonly songs = new Set<string>();

  constructor(private readonly keep: number) {}

  get size(): number {
    return this.items.length;
  }

  get full(): boolean {
    return this.items.length >= this.keep;
  }

  add(pick: PickRow): void {
    const song = pick.trackName ? songKey(pick.trackName) : '';
    if (this.full || this.ids.has(pick.trackId) || (song && this.songs.has(song))) return;
    this.items.push(pick);
    this.ids.add(pick.trackId);
    if (song) this.songs.add(song);
  }

  list(): PickRow[] {
    return [...this.items];
  }
}

function ownedBy(track: Track, artistId: string): boolean {
  return track.id !== null && track.artists.some((a) => a.id === artistId);
}

function toPick(track: Track, source: PickRow['source']): PickRow {
  return { trackId: track.id!, trackName: track.name, source };
}

/** Double quotes would end the field filter early. */
function quoteSafe(text: string): string {
  return text.replace(/"/g, ' ').trim();
}
