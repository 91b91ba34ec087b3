/**
 * A faithful local Spotify (accounts service + Web API) for tests, benchmarks and demo
 * mode. In-process: `createSpotifySimApp`. Over real HTTP: `startSpotifySim`.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createSpotifySimApp } from './app.ts';
import type { SpotifySimOptions, SpotifySimState } from './state.ts';

export { createSpotifySimApp } from './app.ts';
export {
  ACCESS_TOKEN_TTL_S,
  DEFAULT_CLIENT,
  pkceChallenge,
  REFRESH_LIFETIME_MONTHS,
  type SimClient,
} from './auth.ts';
export {
  type Catalog,
  type CatalogAlbum,
  type CatalogArtist,
  type CatalogOptions,
  type ExtraArtistSpec,
  type CatalogTrack,
  createCatalog,
} from './catalog.ts';
export { HARD_ARTISTS } from './catalog-data.ts';
export type { FaultKind, FaultSpec, ShapeVariant } from './faults.ts';
export type { SimPlaylist } from './playlists.ts';
export type { RateLimitOptions } from './rate-limit.ts';
export type { RequestLog, RequestLogEntry } from './request-log.ts';
export {
  DEFAULT_USERS,
  type NowPlayingState,
  type SimUserSpec,
  type SpotifySimOptions,
  SpotifySimState,
  type Tier,
} from './state.ts';
export {
  DAY,
  demoTimelineOptions,
  HOUR,
  MINUTE,
  type OfflineBurst,
  type Play,
  type ScriptedPlay,
  type TimelineOptions,
} from './timeline.ts';

export interface SpotifySim {
  /** e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** `${url}/accounts`: `/authorize` and `/api/token` live under it. */
  accountsUrl: string;
  /** `${url}/v1`. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  state: SpotifySimState;
  close(): Promise<void>;
}

export interface StartSpotifySimOptions extends SpotifySimOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export async function startSpotifySim(options: StartSpotifySimOptions = {}): Promise<SpotifySim> {
  const { port = 0, host = '127.0.0.1', ...simOptions } = options;
  const { app, sim } = createSpotifySimApp(simOptions);
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, port, hostname: host }, (info) =>
        resolve({ server, address: info }),
      );
      server.once('error', reject);
    },
  );
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostForUrl}:${address.port}`;
  return {
    url,
    accountsUrl: `${url}/accounts`,
    apiUrl: `${url}/v1`,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    state: sim,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Drop keep-alive and slow-fault connections so close() never hangs a test.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
