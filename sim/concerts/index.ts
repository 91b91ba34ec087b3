export { type ArtistSpec, DEFAULT_ARTISTS, fakeMbid, fakeSpotifyId } from './artists.ts';
export { type FaultOptions, FaultQueue } from './faults.ts';
export { listen, type RequestLogEntry, type RunningServer } from './server.ts';
export {
  BENCHMARK_WORLD_OPTIONS,
  type ConcertWorld,
  type ConcertWorldOptions,
  createConcertWorld,
  DEFAULT_WORLD_PLACES,
  setEventStatus,
  type WorldArtist,
  type WorldEvent,
  type WorldPlaceSpec,
  type WorldStatus,
  type WorldVenue,
} from './world.ts';
