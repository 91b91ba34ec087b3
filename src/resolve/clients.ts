import { createMusicBrainzClient, type MusicBrainzClient } from '../enrich/musicbrainz.ts';
import { CallCounter, createHttpClient } from '../http/index.ts';
import { SpotifyClient } from '../spotify/client.ts';
import type { SpotifyRuntime } from '../spotify/runtime.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { encoreVersion } from '../util/version.ts';

/** Resolve's own Spotify queue: slower than capture's and separate from it. */
export const RESOLVE_SPOTIFY_RATE = 2;

export interface ResolveClients {
  spotify: SpotifyClient;
  musicbrainz: MusicBrainzClient;
  close(): Promise<void>;
}

/**
 * The clients a resolve run uses. Spotify calls go through their own throttled queue and
 * call counter (sharing the account tokens and capability flags), so that a long resolve
 * never queues in front of live capture and its budget counts only its own calls. The
 * endpoints are given (app/ picks them: the configured ones, or the demo simulators).
 */
export function createResolveClients(deps: {
  spotify: SpotifyRuntime;
  spotifyApiUrl: string;
  musicbrainzUrl: string;
  musicbrainzContact: string;
  deferThresholdMs: number;
  clock: Clock;
  logger: Logger;
  /** Called by close(): e.g. stops a demo simulator opened for this run. */
  onClose?: () => Promise<void>;
}): ResolveClients {
  const { clock, logger } = deps;
  const http = createHttpClient({
    api: 'spotify',
    baseUrl: deps.spotifyApiUrl,
    ratePerSecond: RESOLVE_SPOTIFY_RATE,
    maxRetries: 2,
    deferThresholdMs: deps.deferThresholdMs,
    counter: new CallCounter(),
    clock,
    logger,
  });
  const spotify = new SpotifyClient(
    http,
    deps.spotify.tokenProvider,
    clock,
    deps.spotify.client.capabilities,
  );
  const musicbrainz = createMusicBrainzClient({
    baseUrl: deps.musicbrainzUrl,
    version: encoreVersion(),
    contact: deps.musicbrainzContact,
    clock,
    logger,
    counter: new CallCounter(),
  });
  return { spotify, musicbrainz, close: deps.onClose ?? (async () => {}) };
}
