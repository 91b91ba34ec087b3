/**
 * Generates a believable week (or year) of listening for one user: sessions during the
 * user's waking hours, back-to-back plays inside them, skips, short tracks, repeats,
 * pauses and offline bursts. Deterministic from the seed and the user id.
 */

import type { Catalog, CatalogTrack } from './catalog.ts';
import { HARD_ARTISTS } from './catalog-data.ts';
import { base62Id, createRng, deriveSeed, type Rng } from './rng.ts';
import {
  DAY,
  MINUTE,
  type OfflineBurst,
  type PausedInterval,
  type Play,
  type ResolvedTimelineOptions,
  sortPlays,
  type UserTimeline,
} from './timeline.ts';

export interface GenerateTimelineInput {
  userId: string;
  seed: number;
  catalog: Catalog;
  options: ResolvedTimelineOptions;
  /** The user's offset from UTC, so nights are idle in their own time zone. */
  utcOffsetMinutes: number;
}

/** Where the next track comes from: an album in order, a playlist shuffled, or nothing. */
interface ListeningContext {
  uri: string | null;
  queue: CatalogTrack[];
}

interface Taste {
  favourites: CatalogTrack[];
  playlists: Array<{ uri: string; tracks: CatalogTrack[] }>;
}

interface Session {
  rng: Rng;
  catalog: Catalog;
  taste: Taste;
  options: ResolvedTimelineOptions;
  userId: string;
  plays: Play[];
  pauses: PausedInterval[];
}

export function generateTimeline(input: GenerateTimelineInput): UserTimeline {
  const { options, utcOffsetMinutes } = input;
  const rng = createRng(deriveSeed(input.seed, `timeline:${input.userId}`));
  const taste = buildTaste(rng, input.catalog);
  const session: Session = { ...input, rng, taste, plays: [], pauses: [] };
  const end = options.start + options.days * DAY;
  const offset = utcOffsetMinutes * MINUTE;
  const firstMidnight = Math.floor((options.start + offset) / DAY) * DAY - offset;
  let cursor = options.start;
  for (let day = firstMidnight; day < end; day += DAY) {
    cursor = generateDay(session, day, cursor);
  }
  const plays = sortPlays(session.plays.filter((p) => p.startedAt >= options.start && p.endedAt <= end));
  const pauses = session.pauses.filter((p) => p.from >= options.start && p.to <= end);
  const bursts = options.offlineBursts ?? defaultBursts(rng, plays, options);
  for (const burst of bursts) applyOfflineBurst(plays, options.start, burst);
  return { plays, pauses };
}

function generateDay(s: Session, midnight: number, cursor: number): number {
  const { rng } = s;
  const [minPlays, maxPlays] = s.options.playsPerDayRange;
  // Some days nobody listens at all.
  if (rng.chance(0.08)) return cursor;
  const target = rng.int(minPlays, maxPlays);
  const sessionCount = rng.int(1, 4);
  // Waking hours 07:00–23:30 local; sessions start in order so they never overlap.
  const starts = Array.from(
    { length: sessionCount },
    () => midnight + rng.int(7 * 60, 23 * 60 + 30) * MINUTE,
  ).sort((a, b) => a - b);
  let remaining = target;
  starts.forEach((start, index) => {
    const left = sessionCount - index;
    const count = left === 1 ? remaining : Math.max(1, Math.round((remaining / left) * rng.float(0.5, 1.5)));
    remaining = Math.max(0, remaining - count);
    // Sessions are separated by at least a short break.
    // Nights stay idle: nothing starts after 01:30 local, however long the session.
    const bedtime = midnight + DAY + 90 * MINUTE;
    cursor = playSession(s, Math.max(start, cursor + rng.int(5, 40) * MINUTE), count, bedtime);
  });
  return cursor;
}

function playSession(s: Session, start: number, count: number, bedtime: number): number {
  const { rng, options } = s;
  let cursor = start;
  let context = pickContext(s);
  let previous: Play | undefined;
  for (let i = 0; i < count && cursor < bedtime; i++) {
    if (context.queue.length === 0 || rng.chance(0.05)) context = pickContext(s);
    const repeat = previous && !previous.skipped && rng.chance(options.repeatRate);
    const track =
      repeat && previous ? (s.catalog.track(previous.trackId) as CatalogTrack) : context.queue.shift();
    if (!track) continue;
    if (i > 0 && rng.chance(options.pauseRate)) {
      const to = cursor + rng.int(2, 25) * MINUTE;
      s.pauses.push({ from: cursor, to, trackId: track.id, contextUri: context.uri });
      cursor = to;
    }
    const skipped = rng.chance(options.skipRate);
    // Most skips happen early, so many skipped plays fall under the 30 s threshold.
    const msPlayed = skipped ? skipLength(rng, track.durationMs) : track.durationMs;
    const play: Play = {
      userId: s.userId,
      trackId: track.id,
      startedAt: cursor,
      endedAt: cursor + msPlayed,
      msPlayed,
      skipped,
      contextUri: context.uri,
      visibleAt: cursor + msPlayed + options.visibilityLagMs,
      offline: false,
    };
    s.plays.push(play);
    previous = play;
    cursor = play.endedAt + rng.int(0, 1_500);
  }
  return cursor;
}

function skipLength(rng: Rng, durationMs: number): number {
  const upper = Math.max(2_000, Math.floor(durationMs * 0.8));
  const ms = rng.chance(0.5) ? rng.int(1_000, 25_000) : rng.int(1_000, upper);
  return Math.min(ms, durationMs - 1);
}

function pickContext(s: Session): ListeningContext {
  const { rng, catalog, taste } = s;
  const r = rng.next();
  if (r < 0.45) {
    const seedTrack = rng.pick(taste.favourites);
    const album = catalog.album(seedTrack.albumId);
    if (album) {
      const queue = album.trackIds.map((id) => catalog.track(id)).filter((t): t is CatalogTrack => !!t);
      return { uri: `spotify:album:${album.id}`, queue };
    }
  }
  if (r < 0.85) {
    const playlist = rng.pick(taste.playlists);
    return { uri: playlist.uri, queue: rng.shuffle(playlist.tracks).slice(0, rng.int(5, 25)) };
  }
  // No context: a few tracks picked from search or an artist page.
  return { uri: null, queue: Array.from({ length: rng.int(1, 4) }, () => rng.pick(taste.favourites)) };
}

/** Each user loves a dozen artists, always including a few of the hard-to-match ones. */
function buildTaste(rng: Rng, catalog: Catalog): Taste {
  const hard = catalog.artists.slice(0, HARD_ARTISTS.length);
  const others = catalog.artists.slice(HARD_ARTISTS.length);
  const artists = [...rng.shuffle(hard).slice(0, 4), ...rng.shuffle(others).slice(0, 10)];
  const favourites = artists.flatMap((a) => catalog.tracksByArtist(a.id));
  const playlists = Array.from({ length: 3 }, () => {
    const tracks = Array.from({ length: rng.int(30, 60) }, () =>
      rng.chance(0.7) ? rng.pick(favourites) : rng.pick(catalog.tracks),
    );
    return { uri: `spotify:playlist:${base62Id(rng)}`, tracks };
  });
  return { favourites, playlists };
}

/** One burst per three days, anchored on a real play so that it actually hides some. */
function defaultBursts(rng: Rng, plays: Play[], options: ResolvedTimelineOptions): OfflineBurst[] {
  const bursts: OfflineBurst[] = [];
  const end = options.start + options.days * DAY;
  for (let block = options.start; block < end; block += 3 * DAY) {
    const inBlock = plays.filter((p) => p.startedAt >= block && p.startedAt < block + 3 * DAY);
    if (inBlock.length === 0) continue;
    const anchor = rng.pick(inBlock);
    bursts.push({
      startOffsetMs: anchor.startedAt - options.start,
      durationMs: rng.int(20, 120) * MINUTE,
      syncDelayMs: rng.int(30, 240) * MINUTE,
    });
  }
  return bursts;
}

function applyOfflineBurst(plays: Play[], start: number, burst: OfflineBurst): void {
  const from = start + burst.startOffsetMs;
  const to = from + burst.durationMs;
  const syncAt = to + burst.syncDelayMs;
  for (const play of plays) {
    if (play.startedAt < from || play.startedAt >= to) continue;
    play.offline = true;
    play.visibleAt = Math.max(syncAt, play.endedAt);
  }
}
