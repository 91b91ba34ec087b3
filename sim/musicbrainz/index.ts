import { listen } from '../concerts/server.ts';
import { type Catalog, createCatalog } from '../spotify/catalog.ts';
import { createMusicBrainzSimApp, createMusicBrainzSimState, type MusicBrainzSimState } from './app.ts';
import { createMusicBrainzWorld, type MusicBrainzWorld } from './world.ts';

export {
  createMusicBrainzSimApp,
  createMusicBrainzSimState,
  isMeaningfulUserAgent,
  type MusicBrainzSimState,
} from './app.ts';
export {
  createMusicBrainzWorld,
  HOMONYMS,
  type MbArtist,
  type MbPresence,
  type MusicBrainzWorld,
  mbidFor,
  presenceOf,
  spotifyArtistUrl,
} from './world.ts';

export interface StartMusicBrainzSimOptions {
  /** The Spotify simulator's catalog (share it: `spotifySim.state.catalog`), or its seed. */
  catalog?: Catalog;
  seed?: number;
  port?: number;
  /** The simulator's notion of time (give the tests' ManualClock `now`). */
  now?: () => number;
  minIntervalMs?: number;
  toleranceMs?: number;
}

export interface RunningMusicBrainzSim {
  /** Base URL to give MUSICBRAINZ_API_URL: `http://127.0.0.1:<port>/ws/2`. */
  url: string;
  state: MusicBrainzSimState;
  world: MusicBrainzWorld;
  close(): Promise<void>;
}

export async function startMusicBrainzSim(
  options: StartMusicBrainzSimOptions = {},
): Promise<RunningMusicBrainzSim> {
  const world = createMusicBrainzWorld(options.catalog ?? createCatalog(options.seed ?? 1));
  const state = createMusicBrainzSimState({ ...options, world });
  const server = await listen(createMusicBrainzSimApp(state), options.port);
  return { url: `${server.origin}/ws/2`, state, world, close: server.close };
}
