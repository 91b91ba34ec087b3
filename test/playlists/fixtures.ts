/**
 * Test fixtures for shows and playlists: stored shows, and the rows the shows-sync job
 * (match + picks, built elsewhere) would write — inserted directly to stand in for it.
 */
import type { EventStatus, NormalisedEvent, Place } from '../../src/events/types.ts';
import { MATCHER_VERSION, performerKey } from '../../src/matching/index.ts';
import type { Queryable } from '../../src/store/db.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertEvents } from '../../src/store/events.ts';
import { savePlace } from '../../src/store/places.ts';

export const BUFFALO: Place = {
  id: 'buffalo-ny',
  name: 'Buffalo, NY',
  kind: 'point',
  lat: 42.8864,
  lon: -78.8784,
  radiusMiles: 50,
  countryCode: 'US',
};

export interface BillEntry {
  name: string;
  headliner?: boolean;
  genre?: string;
}

export interface ShowSpec {
  id: string;
  /** Venue-local date, YYYY-MM-DD. */
  date: string;
  /** Venue-local HH:MM (venue in UTC-5); default 20:00. */
  time?: string;
  status?: EventStatus;
  genre?: string;
  venue?: string;
  /** First entry is the headliner unless said otherwise. */
  bill: Array<string | BillEntry>;
}

/** A Ticketmaster-shaped event in Buffalo (America/New_York, UTC-5 in November–March). */
export function showEvent(spec: ShowSpec): NormalisedEvent {
  const time = spec.time ?? '20:00';
  const [h, m] = time.split(':').map(Number) as [number, number];
  const start = new Date(`${spec.date}T00:00:00Z`);
  start.setUTCHours(h + 5, m);
  const venue = spec.venue ?? 'Town Ballroom';
  return {
    key: `ticketmaster:${spec.id}`,
    source: 'ticketmaster',
    sourceId: spec.id,
    name: `Show ${spec.id}`,
    url: `https://www.ticketmaster.com/event/${spec.id}`,
    startUtc: start.toISOString(),
    localDate: spec.date,
    localTime: time,
    timeZone: 'America/New_York',
    status: spec.status ?? 'scheduled',
    classification: { segment: 'Music', ...(spec.genre ? { genre: spec.genre } : {}) },
    venue: {
      key: `ticketmaster:venue:${venue.replace(/\W+/g, '')}`,
      name: venue,
      city: 'Buffalo',
      stateCode: 'NY',
      countryCode: 'US',
      postalCode: '14202',
      lat: 42.8864,
      lon: -78.8784,
      timeZone: 'America/New_York',
    },
    performers: spec.bill.map((entry, order) => {
      const b = typeof entry === 'string' ? { name: entry } : entry;
      return {
        name: b.name,
        order,
        headliner: b.headliner ?? order === 0,
        billedFrom: 'source' as const,
        ...(b.genre ? { genre: b.genre } : {}),
      };
    }),
  };
}

export async function addShows(
  db: Db,
  specs: ShowSpec[],
  now: number,
  place: Place = BUFFALO,
): Promise<void> {
  await savePlace(db, place, new Date(now));
  await upsertEvents(db, place.id, specs.map(showEvent), new Date(now));
}

/** A decision as the match job stores it; `artist` null = decided unmatched. */
export async function addMatch(
  db: Queryable,
  performer: string,
  artist: { id: string; name: string } | null,
  options: { method?: string; score?: number; tribute?: boolean; manual?: boolean; partKeys?: string[] } = {},
): Promise<void> {
  await db.run(
    `INSERT OR REPLACE INTO artist_matches (performer_key, performer_name, artist_id, artist_name, method, score, reason,
       tribute, matcher_version, manual, decided_at, part_keys)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, from_json(?, '["VARCHAR"]'))`,
    [
      performerKey(performer),
      performer,
      artist?.id ?? null,
      artist?.name ?? null,
      options.method ?? (artist ? 'exact' : 'none'),
      options.score ?? (artist ? 100 : 0),
      'fixture',
      options.tribute ?? false,
      MATCHER_VERSION,
      options.manual ?? false,
      new Date('2026-11-01T00:00:00Z'),
      options.partKeys ? JSON.stringify(options.partKeys) : null,
    ],
  );
}

/**
 * A co-bill decided part by part, as the match job stores it: one row per part, and the
 * billing's own row (method `split`, the first accepted part, `part_keys`).
 */
export async function addSplit(
  db: Queryable,
  billed: string,
  parts: Array<[name: string, artist: { id: string; name: string } | null]>,
): Promise<void> {
  for (const [name, artist] of parts) await addMatch(db, name, artist);
  const first = parts.find(([, artist]) => artist !== null)?.[1] ?? null;
  await addMatch(db, billed, first, { method: 'split', partKeys: parts.map(([name]) => performerKey(name)) });
}

/** Picks as the pick job stores them: rank 1 = best. */
export async function addPicks(
  db: Queryable,
  artistId: string,
  tracks: Array<{ id: string; name: string }>,
  source = 'search',
): Promise<void> {
  for (const [i, t] of tracks.entries()) {
    await db.run(
      `INSERT OR REPLACE INTO artist_picks (artist_id, rank, track_id, track_name, source, fetched_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [artistId, i + 1, t.id, t.name, source, new Date('2026-11-01T00:00:00Z')],
    );
  }
}

/** `count` plays by `userId` of a track credited to `artistId` (catalog rows included). */
export async function addCreditedPlays(
  db: Queryable,
  userId: string,
  track: { id: string; name: string },
  artist: { id: string; name: string },
  count: number,
): Promise<void> {
  await db.run('INSERT OR IGNORE INTO tracks (track_id, name) VALUES (?, ?)', [track.id, track.name]);
  await db.run('INSERT OR IGNORE INTO artists (artist_id, name) VALUES (?, ?)', [artist.id, artist.name]);
  await db.run('INSERT OR IGNORE INTO track_artists (track_id, artist_id, position) VALUES (?, ?, 0)', [
    track.id,
    artist.id,
  ]);
  await addPlayRows(db, userId, { trackKey: track.id, trackId: track.id, artistName: artist.name }, count);
}

/** Plays of an import encore could not resolve to a track: only names. */
export async function addUnresolvedPlays(
  db: Queryable,
  userId: string,
  artistName: string,
  trackName: string,
  count: number,
): Promise<void> {
  await addPlayRows(
    db,
    userId,
    { trackKey: `name:${artistName}|${trackName}`, trackId: null, artistName, trackName },
    count,
  );
}

let playSerial = 0;

async function addPlayRows(
  db: Queryable,
  userId: string,
  p: { trackKey: string; trackId: string | null; artistName: string; trackName?: string },
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    playSerial++;
    await db.run(
      `INSERT INTO plays (user_id, track_key, played_at, track_id, track_name, artist_name, ms_played, ms_played_source, source)
       VALUES (?, ?, ?, ?, ?, ?, 200000, 'measured', 'recently_played')`,
      [
        userId,
        p.trackKey,
        new Date(Date.UTC(2026, 0, 1) + playSerial * 60_000),
        p.trackId,
        p.trackName ?? 'x',
        p.artistName,
      ],
    );
  }
}

export async function addUser(db: Queryable, userId: string): Promise<void> {
  await db.run('INSERT OR IGNORE INTO users (user_id, display_name) VALUES (?, ?)', [userId, userId]);
}
