import type { AppContext } from '../cli/context.ts';
import { createSpotifyRuntime, type SpotifyEndpoints, type SpotifyRuntime } from '../spotify/runtime.ts';
import { type RunningSpotifySim, startDemoSpotify } from './demo.ts';

export interface Services {
  spotify: SpotifyRuntime;
  /** Set in demo mode: the in-process simulator standing in for Spotify. */
  demoSim?: RunningSpotifySim;
  close(): Promise<void>;
}

/**
 * Builds the external-service side of encore: the real Spotify endpoints from the
 * configuration, or — in demo mode — a simulator started on 127.0.0.1.
 */
export async function createServices(
  ctx: AppContext,
  options: { sim?: RunningSpotifySim } = {},
): Promise<Services> {
  const { config } = ctx;
  let demoSim = options.sim;
  if (!demoSim && config.demo) demoSim = await startDemoSpotify(ctx.clock);
  const endpoints: SpotifyEndpoints = demoSim
    ? {
        clientId: demoSim.clientId,
        accountsUrl: demoSim.accountsUrl,
        apiUrl: demoSim.apiUrl,
        redirectUri: config.spotify.redirectUri,
      }
    : {
        clientId: config.spotify.clientId!,
        accountsUrl: config.spotify.accountsUrl,
        apiUrl: config.spotify.apiUrl,
        redirectUri: config.spotify.redirectUri,
      };
  const spotify = await createSpotifyRuntime({
    config,
    endpoints,
    db: ctx.db,
    clock: ctx.clock,
    logger: ctx.logger,
  });
  return {
    spotify,
    demoSim,
    close: async () => {
      if (demoSim && !options.sim) await demoSim.close();
    },
  };
}
