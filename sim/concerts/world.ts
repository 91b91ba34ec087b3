/**
 * The shared, seeded concert world both the Ticketmaster and the SeatGeek simulators
 * serve: venues around given places, artists, and shows with a headliner and 0-3
 * supports. About 30% of the shows are also on SeatGeek (with its own spelling of titles
 * and venues), some only on SeatGeek, some list no performers at all, and some are
 * cancelled, postponed or rescheduled. Same options and seed → the same world.
 */
import { type ArtistSpec, DEFAULT_ARTISTS, fakeSpotifyId, inventArtists } from './artists.ts';
import { type Random, seededRandom } from './random.ts';
import { utcToWallClock, wallClockToUtc } from './time.ts';
import { createVenues, type WorldPlaceSpec, type WorldVenue } from './venues.ts';

export type { ArtistSpec } from './artists.ts';
export type { WorldPlaceSpec, WorldVenue } from './venues.ts';

/** Ticketmaster's status codes; SeatGeek shows `normal` for onsale/offsale. */
export type WorldStatus = 'onsale' | 'offsale' | 'cancelled' | 'postponed' | 'rescheduled';

export const DEFAULT_WORLD_PLACES: readonly WorldPlaceSpec[] = [
  {
    name: 'Buffalo, NY',
    city: 'Buffalo',
    stateCode: 'NY',
    postalCode: '14202',
    lat: 42.8864,
    lon: -78.8784,
    timeZone: 'America/New_York',
  },
  {
    name: 'Austin, TX',
    city: 'Austin',
    stateCode: 'TX',
    postalCode: '78701',
    lat: 30.2672,
    lon: -97.7431,
    timeZone: 'America/Chicago',
  },
  {
    name: 'Denver, CO',
    city: 'Denver',
    stateCode: 'CO',
    postalCode: '80202',
    lat: 39.7392,
    lon: -104.9903,
    timeZone: 'America/Denver',
  },
  {
    name: 'Phoenix, AZ',
    city: 'Phoenix',
    stateCode: 'AZ',
    postalCode: '85004',
    lat: 33.4484,
    lon: -112.074,
    timeZone: 'America/Phoenix',
  },
  {
    name: 'Seattle, WA',
    city: 'Seattle',
    stateCode: 'WA',
    postalCode: '98101',
    lat: 47.6062,
    lon: -122.3321,
    timeZone: 'America/Los_Angeles',
  },
];

export interface ConcertWorldOptions {
  seed?: number;
  places?: readonly WorldPlaceSpec[];
  /** Performers to bill; topped up with invented ones to `artistCount`. */
  artists?: readonly ArtistSpec[];
  artistCount?: number;
  /** Shows on Ticketmaster (SeatGeek-only shows come on top). */
  eventCount?: number;
  /** First day of the world (ms or Date); shows fall in [start, start + days). */
  start?: number | Date;
  days?: number;
  venuesPerPlace?: number;
  /** Of the artists with a Spotify id, the share whose Ticketmaster attraction links it. */
  spotifyLinkShare?: number;
  /** Of those, the share SeatGeek links too (its `links` are nearly always missing). */
  seatGeekLinkShare?: number;
  seatGeekShare?: number;
  seatGeekOnlyShare?: number;
  noAttractionShare?: number;
  /** Weights for 0, 1, 2, 3 supporting acts. */
  supportWeights?: readonly [number, number, number, number];
}

/**
 * A world big enough for the shows benchmark: at least 1,500 shows, 3,000 performer slots,
 * 1,200 distinct artists, and 40% of performers linked to Spotify by the source.
 */
export const BENCHMARK_WORLD_OPTIONS: ConcertWorldOptions = { eventCount: 1800, artistCount: 1400, days: 90 };

export interface WorldArtist {
  index: number;
  name: string;
  spotifyId: string | null;
  mbid: string | null;
  genre: string;
  attractionId: string;
  seatGeekId: number;
  ticketmasterLinksSpotify: boolean;
  seatGeekLinksSpotify: boolean;
}

export interface WorldEvent {
  /** Ticketmaster event id (SeatGeek-only shows have one too, never served). */
  id: string;
  onTicketmaster: boolean;
  seatGeekId: number | null;
  name: string;
  seatGeekTitle: string;
  venueId: string;
  /** The start; for a show whose time is to be announced, local midnight (what date filters use). */
  startUtcMs: number;
  localDate: string;
  /** `HH:MM:SS`; null when the time is to be announced. */
  localTime: string | null;
  status: WorldStatus;
  /** Artist indexes, headliner first. */
  performers: number[];
  /** False for the club shows where Ticketmaster lists no attraction. */
  listsAttractions: boolean;
}

export interface ConcertWorld {
  places: WorldPlaceSpec[];
  venues: WorldVenue[];
  artists: WorldArtist[];
  events: WorldEvent[];
  venueById: Map<string, WorldVenue>;
  eventById: Map<string, WorldEvent>;
  eventBySeatGeekId: Map<number, WorldEvent>;
}

const DAY_MS = 86_400_000;
const SHOW_TIMES = ['18:00', '18:30', '19:00', '19:30', '20:00', '20:00', '20:30', '21:00', '22:00'];
const TOURS = ['World', 'Homecoming', 'Northern Lights', 'Endless Summer', 'Farewell', 'Midnight Run'];

export function createConcertWorld(options: ConcertWorldOptions = {}): ConcertWorld {
  const random = seededRandom(options.seed ?? 1);
  const places = [...(options.places ?? DEFAULT_WORLD_PLACES)];
  const venues = places.flatMap((place, i) =>
    createVenues(place, i, options.venuesPerPlace ?? 8, random, 100_000 + i * 1000),
  );
  const artists = createArtists(options, random);
  const venueById = new Map(venues.map((v) => [v.id, v]));
  const eventCount = options.eventCount ?? 300;
  const seatGeekOnly = Math.round(eventCount * (options.seatGeekOnlyShare ?? 0.05));
  const deal = artistDeck(artists.length, random);
  const events: WorldEvent[] = [];
  const usedIds = new Set<string>();
  for (let i = 0; i < eventCount + seatGeekOnly; i++) {
    const onTicketmaster = i < eventCount;
    events.push(createEvent(i, { onTicketmaster, places, venues, artists, deal, random, options, usedIds }));
  }
  events.sort((a, b) => a.startUtcMs - b.startUtcMs || a.id.localeCompare(b.id));
  return {
    places,
    venues,
    artists,
    events,
    venueById,
    eventById: new Map(events.map((e) => [e.id, e])),
    eventBySeatGeekId: new Map(events.filter((e) => e.seatGeekId !== null).map((e) => [e.seatGeekId!, e])),
  };
}

function createArtists(options: ConcertWorldOptions, random: Random): WorldArtist[] {
  const given = [...(options.artists ?? DEFAULT_ARTISTS)];
  const wanted = Math.max(given.length, options.artistCount ?? given.length);
  const specs = [
    ...given,
    ...inventArtists(wanted - given.length, new Set(given.map((a) => a.name)), (options.seed ?? 1) * 7919),
  ];
  const linkShare = options.spotifyLinkShare ?? 0.75;
  const seatGeekLinkShare = options.seatGeekLinkShare ?? 0.1;
  return specs.map((spec, index) => {
    const spotifyId = spec.spotifyId === undefined ? fakeSpotifyId(spec.name) : spec.spotifyId;
    const ticketmasterLinksSpotify = spotifyId !== null && random.chance(linkShare);
    return {
      index,
      name: spec.name,
      spotifyId,
      mbid: spec.mbid ?? null,
      genre: spec.genre ?? 'Rock',
      attractionId: `K8vZ91${random.chars(5)}${index}`,
      seatGeekId: 200_000 + index,
      ticketmasterLinksSpotify,
      seatGeekLinksSpotify: ticketmasterLinksSpotify && random.chance(seatGeekLinkShare),
    };
  });
}

/** Deals artists from a shuffled deck, reshuffling when it runs out: every artist plays before any plays twice. */
function artistDeck(count: number, random: Random): () => number {
  let deck: number[] = [];
  return () => {
    if (deck.length === 0) deck = random.shuffle(Array.from({ length: count }, (_, i) => i));
    return deck.pop()!;
  };
}

interface EventContext {
  onTicketmaster: boolean;
  places: WorldPlaceSpec[];
  venues: WorldVenue[];
  artists: WorldArtist[];
  deal: () => number;
  random: Random;
  options: ConcertWorldOptions;
  usedIds: Set<string>;
}

function createEvent(i: number, ctx: EventContext): WorldEvent {
  const { random, options } = ctx;
  const placeIndex = i % ctx.places.length;
  const venue = random.pick(ctx.venues.filter((v) => v.placeIndex === placeIndex));
  const start =
    options.start instanceof Date ? options.start.getTime() : (options.start ?? Date.UTC(2026, 5, 1));
  // Noon UTC of a day is that same day on every American venue's calendar.
  const noon = start + random.int(0, (options.days ?? 90) - 1) * DAY_MS + DAY_MS / 2;
  const localDate = utcToWallClock(noon, venue.timeZone).date;
  const tba = random.chance(0.03);
  const localTime = tba ? null : `${random.pick(SHOW_TIMES)}:00`;
  const performers = billFor(ctx);
  const names = performers.map((p) => ctx.artists[p]!.name);
  const name = eventName(names, random);
  let id = `vv${random.chars(14)}`;
  while (ctx.usedIds.has(id)) id = `vv${random.chars(14)}`;
  ctx.usedIds.add(id);
  const onSeatGeek = !ctx.onTicketmaster || random.chance(options.seatGeekShare ?? 0.3);
  return {
    id,
    onTicketmaster: ctx.onTicketmaster,
    seatGeekId: onSeatGeek ? 5_000_000 + i : null,
    name,
    seatGeekTitle: seatGeekTitle(name, names),
    venueId: venue.id,
    startUtcMs: wallClockToUtc(localDate, localTime ?? '00:00:00', venue.timeZone),
    localDate,
    localTime,
    status: pickStatus(random),
    performers,
    listsAttractions: !random.chance(options.noAttractionShare ?? 0.08),
  };
}

function billFor(ctx: EventContext): number[] {
  const weights = ctx.options.supportWeights ?? [0.35, 0.35, 0.2, 0.1];
  let roll = ctx.random.next() * weights.reduce((a, b) => a + b, 0);
  let supports = 0;
  while (supports < 3 && roll >= weights[supports]!) roll -= weights[supports++]!;
  const bill: number[] = [];
  const wanted = Math.min(1 + supports, ctx.artists.length);
  while (bill.length < wanted) {
    const next = ctx.deal();
    if (!bill.includes(next)) bill.push(next);
  }
  return bill;
}

function eventName(names: string[], random: Random): string {
  const [headliner, support] = names as [string, string | undefined];
  const roll = random.next();
  if (roll < 0.55) return headliner;
  if (roll < 0.7) return `${headliner}: ${random.pick(TOURS)} Tour`;
  if (support) return roll < 0.9 ? `${headliner} with ${support}` : `${headliner} & ${support}`;
  return headliner;
}

/** SeatGeek titles the same show a little differently. */
function seatGeekTitle(name: string, names: string[]): string {
  const [headliner, support] = names as [string, string | undefined];
  if (name !== headliner) return headliner;
  return support ? `${headliner} with ${support}` : headliner;
}

function pickStatus(random: Random): WorldStatus {
  const roll = random.next();
  if (roll < 0.04) return 'cancelled';
  if (roll < 0.07) return 'postponed';
  if (roll < 0.1) return 'rescheduled';
  return roll < 0.15 ? 'offsale' : 'onsale';
}

/** Changes a show's status, as the provider would after a cancellation; the id is Ticketmaster's or SeatGeek's. */
export function setEventStatus(world: ConcertWorld, id: string | number, status: WorldStatus): WorldEvent {
  const event = typeof id === 'number' ? world.eventBySeatGeekId.get(id) : world.eventById.get(id);
  if (!event) throw new Error(`no simulated event ${id}`);
  event.status = status;
  return event;
}
