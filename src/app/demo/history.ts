import type { Catalog, CatalogTrack } from '../../../sim/spotify/catalog.ts';
import type { Play } from '../../../sim/spotify/timeline.ts';
import type { Rng } from '../../../sim/spotify/rng.ts';
import { firstPlayAt } from '../../analytics/play-span.ts';
import { insertCatalogIfAbsent } from '../../store/catalog-rows.ts';
import type { Db, Queryable } from '../../store/db.ts';
import { countPlays, insertPlaysIfAbsent } from '../../store/plays.ts';
import { listUsers } from '../../store/users.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import { DEMO_SIM_SEED, DEMO_USERS, demoTimelineStart } from './spotify.ts';

// The simulator's seeded generator, loaded with this module (itself loaded only in demo mode).
const { createRng, deriveSeed } = await import('../../../sim/spotify/rng.ts');

/**
 * Demo mode's listening history: several months of simulated plays for each demo account,
 * so that the dashboard and the year in review have something to show. Generated from a
 * seed (same user, same end → same plays), from the simulator's own catalog (ids, names,
 * genres line up with what the simulator serves), and stored like an imported extended
 * export (source `export_extended`, ms_played from the "export"). Only for an account
 * with little history, and only before the simulator's scripted timeline begins (and
 * before the first play already stored), so it never overlaps what live capture brings in.
 *
 * From the start of that timeline up to now, the history is the running simulator's own
 * plays (as its export would list them): live capture only ever sees the last 50, so
 * without them the timeline would show days of silence before the captured plays. They
 * carry the same track and end time as the captured ones, so nothing is stored twice.
 */
/** The running demo simulator's ground truth: its catalog and every scripted play of an account. */
export interface DemoSimTruth {
  catalog: Catalog;
  playsOf(userId: string): readonly Play[];
}

export interface DemoHistoryOptions {
  /** How far back the history goes (default 150 days). */
  days?: number;
  /** An account with at least this many plays is left alone (default 300). */
  enoughPlays?: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Listening habits per demo account: the local hours sessions start at, and the UTC offset. */
const HABITS: Record<string, { offsetMinutes: number; hours: number[]; favourites: number }> = {
  'demo-alice': { offsetMinutes: 60, hours: [8, 13, 19, 22], favourites: 18 },
  'demo-bob': { offsetMinutes: -300, hours: [7, 12, 17, 21], favourites: 26 },
  'demo-chen': { offsetMinutes: 480, hours: [9, 15, 20, 23], favourites: 12 },
};
const DEFAULT_HABIT = { offsetMinutes: 0, hours: [9, 18, 21], favourites: 15 };

/**
 * Demo mode: adds the simulated history for every demo account that is connected (has a
 * users row) and has little history yet. Cheap when there is nothing to do (one count).
 */
export async function addDemoHistory(
  deps: {
    db: Db;
    clock: Clock;
    logger?: Logger;
  },
  sim?: DemoSimTruth,
): Promise<SeededHistory[]> {
  const connected = (await listUsers(deps.db))
    .map((u) => u.user_id)
    .filter((id) => DEMO_USERS.includes(id))
    .sort();
  if (connected.length === 0) return [];
  const { createCatalog } = await import('../../../sim/spotify/catalog.ts');
  return seedDemoHistory(
    {
      db: deps.db,
      logger: deps.logger,
      now: deps.clock.now(),
      timelineStart: demoTimelineStart(deps.clock.now()),
    },
    createCatalog(DEMO_SIM_SEED),
    connected,
    { ...(sim ? { sim } : {}) },
  );
}

export interface SeededHistory {
  userId: string;
  plays: number;
}

export async function seedDemoHistory(
  deps: { db: Db; logger?: Logger; now: number; timelineStart: number },
  catalog: Catalog,
  userIds: string[],
  options: DemoHistoryOptions & { sim?: DemoSimTruth } = {},
): Promise<SeededHistory[]> {
  const seeded: SeededHistory[] = [];
  for (const userId of userIds) {
    const storedPlays = await countPlays(deps.db, userId);
    if (storedPlays >= (options.enoughPlays ?? 300)) continue;
    const first = await firstPlayAt(deps.db, userId);
    // End on a day boundary before the simulator's timeline and the first stored play.
    const end = Math.floor(Math.min(first ?? deps.now, deps.timelineStart) / DAY) * DAY;
    const plays = generatePlays(userId, catalog, end - (options.days ?? 150) * DAY, end);
    const recent = options.sim
      ? simPlaysBefore(options.sim, userId, deps.timelineStart, deps.now, first)
      : [];
    if (plays.length + recent.length === 0) continue;
    await deps.db.transaction(async (tx) => {
      await storeCatalog(tx, catalog, new Set(plays.map((p) => p.track.id)));
      await storePlays(tx, catalog, userId, plays);
      if (!options.sim || recent.length === 0) return;
      await storeCatalog(tx, options.sim.catalog, new Set(recent.map((p) => p.track.id)));
      await storePlays(tx, options.sim.catalog, userId, recent);
    });
    // The simulator's plays include those capture already stored: count what is new.
    const total = (await countPlays(deps.db, userId)) - storedPlays;
    deps.logger?.info('demo history added', { userId, plays: total });
    seeded.push({ userId, plays: total });
  }
  return seeded;
}

/**
 * The simulator's plays of an account from `fromMs` up to where live capture takes over:
 * the first play already stored, or the oldest of the 50 that recently-played shows now
 * (capture stores those itself, and never sees the short plays among them).
 */
function simPlaysBefore(
  sim: DemoSimTruth,
  userId: string,
  fromMs: number,
  nowMs: number,
  firstStoredMs: number | null,
): DemoPlay[] {
  const visible = sim.playsOf(userId).filter((p) => p.visibleAt <= nowMs && p.endedAt <= nowMs);
  const listed = visible.filter((p) => p.msPlayed >= 30_000);
  const windowStart = listed.length >= 50 ? listed[listed.length - 50]!.endedAt : fromMs;
  const until = Math.min(windowStart, firstStoredMs ?? nowMs);
  const out: DemoPlay[] = [];
  for (const play of visible) {
    const track = sim.catalog.track(play.trackId);
    if (!track || play.endedAt < fromMs || play.endedAt >= until) continue;
    out.push({ track, endMs: play.endedAt, msPlayed: play.msPlayed, skipped: play.skipped });
  }
  return out;
}

export interface DemoPlay {
  track: CatalogTrack;
  endMs: number;
  msPlayed: number;
  skipped: boolean;
}

/**
 * Days with 1–3 sessions of 4–20 tracks at the account's habitual hours, a taste made of
 * favourite artists (most plays) and a long tail; some skips and a few partial listens.
 */
export function generatePlays(userId: string, catalog: Catalog, startMs: number, endMs: number): DemoPlay[] {
  const habit = HABITS[userId] ?? DEFAULT_HABIT;
  const rng = historyRng(userId);
  const playable = catalog.tracks.filter((t) => t.durationMs >= 30_000);
  const favourites = pickFavourites(rng, catalog, habit.favourites);
  const favouriteTracks = playable.filter((t) => favourites.includes(t.artistIds[0] ?? ''));
  const plays: DemoPlay[] = [];
  for (let day = startMs; day < endMs; day += DAY) {
    if (rng.chance(0.12)) continue; // a day without music
    const sessions = rng.int(1, 3);
    const hours = rng
      .shuffle(habit.hours)
      .slice(0, sessions)
      .sort((a, b) => a - b);
    for (const hour of hours) {
      let t = day + hour * 60 * MINUTE - habit.offsetMinutes * MINUTE + rng.int(0, 50) * MINUTE;
      const length = rng.int(4, 20);
      for (let i = 0; i < length && t < endMs; i++) {
        const play = nextPlay(rng, rng.chance(0.7) ? favouriteTracks : playable, t);
        plays.push(play);
        t = play.endMs + rng.int(1, 20) * 1000;
      }
    }
  }
  return plays;
}

function historyRng(userId: string): Rng {
  return createRng(deriveSeed(DEMO_SIM_SEED, `demo-history:${userId}`));
}

function pickFavourites(rng: Rng, catalog: Catalog, count: number): string[] {
  return rng.shuffle(catalog.artists.map((a) => a.id)).slice(0, count);
}

/**
 * A demo account's favourite artists (ids; about 70 % of its demo plays): the same draw
 * `generatePlays` makes, so that demo mode's concert world can book some of them.
 */
export function demoFavouriteArtists(userId: string, catalog: Catalog): string[] {
  const habit = HABITS[userId] ?? DEFAULT_HABIT;
  return pickFavourites(historyRng(userId), catalog, habit.favourites);
}

function nextPlay(rng: Rng, pool: CatalogTrack[], startMs: number): DemoPlay {
  const track = rng.pick(pool);
  const r = rng.next();
  // 12 % skipped within seconds, 8 % left part-way, the rest to the end.
  const msPlayed =
    r < 0.12
      ? rng.int(2_000, 25_000)
      : r < 0.2
        ? rng.int(30_000, Math.max(30_000, track.durationMs - 1))
        : track.durationMs;
  return { track, endMs: startMs + msPlayed, msPlayed, skipped: r < 0.12 };
}

/** Catalog rows for the tracks played, with the artists' genres (none stays unknown). */
async function storeCatalog(tx: Queryable, catalog: Catalog, trackIds: Set<string>): Promise<void> {
  const tracks = catalog.tracks.filter((t) => trackIds.has(t.id));
  const albumIds = new Set(tracks.map((t) => t.albumId));
  const artistIds = new Set(tracks.flatMap((t) => t.artistIds));
  await insertCatalogIfAbsent(tx, {
    artists: catalog.artists.filter((a) => artistIds.has(a.id)),
    albums: catalog.albums.filter((a) => albumIds.has(a.id)),
    tracks,
  });
}

/** Stored like an extended export's plays: ms_played from the "export", source export_extended. */
async function storePlays(tx: Queryable, catalog: Catalog, userId: string, plays: DemoPlay[]): Promise<void> {
  await insertPlaysIfAbsent(
    tx,
    plays.map((p) => ({
      userId,
      trackKey: p.track.id,
      playedAt: new Date(p.endMs),
      trackId: p.track.id,
      kind: 'track',
      trackName: p.track.name,
      artistName: catalog.artist(p.track.artistIds[0] ?? '')?.name ?? null,
      albumName: catalog.album(p.track.albumId)?.name ?? null,
      msPlayed: p.msPlayed,
      msPlayedSource: 'export',
      source: 'export_extended',
      skipped: p.skipped,
      shuffle: false,
      platform: 'demo',
    })),
  );
}
