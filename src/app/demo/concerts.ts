/**
 * Demo mode's "Shows near you": a concert world around one simulated city whose artists
 * are the demo Spotify catalog's (the linked world), served by the Ticketmaster and
 * setlist.fm simulators in-process. The world books some of the demo accounts' favourite
 * artists, so that the "played N times" badges and "only artists I know" show something.
 * Like the Spotify simulator, it is anchored to the week: every process started this
 * week sees the same shows.
 */
import type { EventsConfig } from '../../config/config.ts';
import type { LinkedWorld } from '../../../sim/concerts/spotify-world.ts';
import type { ArtistSpec, WorldPlaceSpec } from '../../../sim/concerts/world.ts';
import type { Catalog } from '../../../sim/spotify/catalog.ts';
import type { Db } from '../../store/db.ts';
import type { Logger } from '../../util/logger.ts';

/** What the demo's setup steps use of the process context. */
type DemoContext = { db: Db; clock: Clock; logger: Logger };
import type { Place } from '../../events/types.ts';
import type { ShowsSyncResult } from '../../jobs/shows-sync.ts';
import { countEvents } from '../../store/events.ts';
import { listPlaces, savePlace } from '../../store/places.ts';
import type { Clock } from '../../util/clock.ts';
import { DEMO_SIM_SEED, DEMO_USERS, demoTimelineStart, WEEK } from './spotify.ts';
import { demoFavouriteArtists } from './history.ts';

/** Where demo mode's simulated sources live, for the shows sync (instead of the settings). */
export interface DemoConcerts {
  ticketmasterUrl: string;
  ticketmasterKey: string;
  /** The event and setlist endpoints the shows sync uses in demo mode, instead of config.events. */
  events: EventsConfig;
  /** The local simulator needs none of setlist.fm's 2 requests a second. */
  setlistfmRatePerSecond: number;
  /** The world's metro, added as a place when there is none. */
  place: Place;
  close(): Promise<void>;
}

export const DEMO_CITY: WorldPlaceSpec = {
  name: 'Austin, TX',
  city: 'Austin',
  stateCode: 'TX',
  postalCode: '78701',
  lat: 30.2672,
  lon: -97.7431,
  timeZone: 'America/Chicago',
};

const DEMO_PLACE: Place = {
  id: 'austin-tx',
  name: DEMO_CITY.name,
  kind: 'point',
  lat: DEMO_CITY.lat,
  lon: DEMO_CITY.lon,
  radiusMiles: 50,
  countryCode: 'US',
  timeZone: DEMO_CITY.timeZone,
};

/** Of each demo account's favourite artists, how many tour in the demo world. */
const TOURING_FAVOURITES = 6;
/**
 * Small enough for the first sync to finish in well under a minute: it is bound by the
 * Spotify client's throttle (a few calls per performer at 8 a second).
 */
const WORLD_EVENTS = 100;
const WORLD_ARTISTS = 90;
/** A little more than a sync's default 90-day window. */
const WORLD_DAYS = 100;

/** Spotify-style genre tags ("indie rock") → the nearest Ticketmaster genre ("Alternative"). */
export function concertGenre(genres: readonly string[]): string {
  const all = genres.join(' ');
  const table: Array<[RegExp, string]> = [
    [/hip hop|rap|trap/, 'Hip-Hop/Rap'],
    [/techno|house|electro|synth|edm|dance/, 'Dance/Electronic'],
    [/r&b|soul|funk/, 'R&B'],
    [/metal/, 'Metal'],
    [/jazz/, 'Jazz'],
    [/country|americana/, 'Country'],
    [/folk/, 'Folk'],
    [/latin|reggaeton/, 'Latin'],
    [/indie|alternative|shoegaze|dream/, 'Alternative'],
    [/pop/, 'Pop'],
  ];
  return table.find(([pattern]) => pattern.test(all))?.[1] ?? 'Rock';
}

/** Built-in performers, then a few favourites of every demo account (same catalog ids). */
async function demoArtists(base: Catalog): Promise<ArtistSpec[]> {
  const { DEFAULT_ARTISTS } = await import('../../../sim/concerts/artists.ts');
  const names = new Set(DEFAULT_ARTISTS.map((a) => a.name));
  const favourites: ArtistSpec[] = [];
  for (const user of DEMO_USERS) {
    for (const id of demoFavouriteArtists(user, base).slice(0, TOURING_FAVOURITES)) {
      const artist = base.artist(id);
      if (!artist || names.has(artist.name)) continue;
      names.add(artist.name);
      favourites.push({ name: artist.name, spotifyId: artist.id, genre: concertGenre(artist.genres) });
    }
  }
  return [...DEFAULT_ARTISTS, ...favourites];
}

/** The demo concert world for this week: a few hundred shows around the demo city. */
export async function createDemoWorld(nowMs: number): Promise<LinkedWorld> {
  const { createLinkedWorld } = await import('../../../sim/concerts/spotify-world.ts');
  const { createCatalog } = await import('../../../sim/spotify/catalog.ts');
  return createLinkedWorld({
    spotifySeed: DEMO_SIM_SEED,
    world: {
      seed: DEMO_SIM_SEED,
      places: [DEMO_CITY],
      artists: await demoArtists(createCatalog(DEMO_SIM_SEED)),
      artistCount: WORLD_ARTISTS,
      eventCount: WORLD_EVENTS,
      // From the start of this week, so a sync's window (from now on) is covered.
      start: demoTimelineStart(nowMs) + WEEK,
      days: WORLD_DAYS,
      venuesPerPlace: 8,
    },
  });
}

/** Starts the Ticketmaster and setlist.fm simulators over the world, on 127.0.0.1. */
export async function startDemoConcerts(
  linked: LinkedWorld,
  catalog: Catalog,
  clock: Clock,
): Promise<DemoConcerts> {
  const { startTicketmasterSim } = await import('../../../sim/ticketmaster/index.ts');
  const { startSetlistFmSim } = await import('../../../sim/setlistfm/index.ts');
  const now = () => clock.now();
  const ticketmaster = await startTicketmasterSim({ world: linked.world, now, spikeLimitPerSecond: 0 });
  const setlistfm = await startSetlistFmSim({ world: linked.world, catalog, now, ratePerSecond: 0 });
  return {
    ticketmasterUrl: ticketmaster.url,
    ticketmasterKey: [...ticketmaster.state.apiKeys][0]!,
    events: {
      ticketmaster: { apiKey: [...ticketmaster.state.apiKeys][0]!, apiUrl: ticketmaster.url },
      seatgeek: { apiUrl: 'http://127.0.0.1:9' }, // no client id: SeatGeek stays off in demo mode
      setlistfm: { apiKey: [...setlistfm.state.apiKeys][0]!, apiUrl: setlistfm.url },
    },
    setlistfmRatePerSecond: 20,
    place: DEMO_PLACE,
    close: async () => {
      await ticketmaster.close();
      await setlistfm.close();
    },
  };
}

/** Adds the demo city as a place when there is no place at all. True when it did. */
export async function addDemoPlace(ctx: DemoContext, place: Place): Promise<boolean> {
  if ((await listPlaces(ctx.db)).length > 0) return false;
  await savePlace(ctx.db, place, new Date(ctx.clock.now()));
  ctx.logger.info('demo place added', { place: place.name });
  return true;
}

/**
 * `serve` in demo mode: one shows sync right after start, unless shows are stored
 * already (the weekly schedule keeps them fresh from then on).
 */
export async function runFirstDemoShowsSync(
  ctx: Pick<DemoContext, 'db' | 'logger'>,
  sync: () => Promise<unknown>,
): Promise<void> {
  if ((await countEvents(ctx.db)) > 0) return;
  ctx.logger.info('demo shows sync started: shows near the demo city, in under a minute');
  const started = Date.now();
  const result = (await sync()) as ShowsSyncResult | undefined;
  ctx.logger.info('demo shows sync done', {
    outcome: result?.report?.outcome ?? 'skipped',
    seconds: Math.round((Date.now() - started) / 1000),
  });
}
