import type { Services } from '../app/services.ts';
import type { Config } from '../config/config.ts';
import { createMusicBrainzClient, type MusicBrainzClient } from '../enrich/musicbrainz.ts';
import { CallCounter, createHttpClient } from '../http/index.ts';
import { SpotifyClient } from '../spotify/client.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { encoreVersion } from '../util/version.ts';

/** Resolve's own Spotify queue: slower than capture's and separate from it. */
export const RESOLVE_SPOTIFY_RATE = 2;

const DEFAULT_MUSICBRAINZ_URL = 'https://musicbrainz.org/ws/2';

export interface ResolveClients {
  spotify: SpotifyClient;
  musicbrainz: MusicBrainzClient;
  close(): Promise<void>;
}

/**
 * The clients a resolve run uses. Spotify calls go through their own throttled queue and
 * call counter (sharing the account tokens and capability flags), so that a long resolve
 * never queues in front of live capture and its budget counts only its own calls. In demo
 * mode, MusicBrainz is a simulator started in-process over the demo catalog.
 */
export async function createResolveClients(deps: {
  config: Config;
  services: Services;
  clock: Clock;
  logger: Logger;
}): Promise<ResolveClients> {
  const { config, services, clock, logger } = deps;
  const http = createHttpClient({
    api: 'spotify',
    baseUrl: services.demoSim?.apiUrl ?? config.spotify.apiUrl,
    ratePerSecond: RESOLVE_SPOTIFY_RATE,
    maxRetries: 2,
    deferThresholdMs: config.deferThresholdMs,
    counter: new CallCounter(),
    clock,
    logger,
  });
  const spotify = new SpotifyClient(
    http,
    services.spotify.tokenProvider,
    clock,
    services.spotify.client.capabilities,
  );
  let mbUrl = config.raw.MUSICBRAINZ_API_URL;
  let close = async () => {};
  if (services.demoSim && mbUrl === DEFAULT_MUSICBRAINZ_URL) {
    const { startMusicBrainzSim } = await import('../../sim/musicbrainz/index.ts');
    const sim = await startMusicBrainzSim({ seed: 7, now: () => clock.now() });
    mbUrl = sim.url;
    close = sim.close;
  }
  const musicbrainz = createMusicBrainzClient({
    baseUrl: mbUrl,
    version: encoreVersion(),
    contact: config.raw.MUSICBRAINZ_CONTACT,
    clock,
    logger,
    counter: new CallCounter(),
  });
  return { spotify, musicbrainz, close };
}
