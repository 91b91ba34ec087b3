import type { AppContext } from './context.ts';
import type { Services } from './services-type.ts';
import { createSpotifyRuntime, type SpotifyEndpoints } from '../spotify/runtime.ts';
import { connectSimulatedUser } from './demo/auto-connect.ts';
import { DEMO_USERS, type DemoSpotifySim, type RunningSpotifySim, startDemoSpotify } from './demo/spotify.ts';
import { createDemoWorld, startDemoConcerts } from './demo/concerts.ts';

export type { Services } from './services-type.ts';

/**
 * Builds the external-service side of encore: the real Spotify endpoints from the
 * configuration, or — in demo mode — a simulator started on 127.0.0.1.
 */
export async function createServices(
  ctx: AppContext,
  options: { sim?: RunningSpotifySim; connectAllDemoUsers?: boolean } = {},
): Promise<Services> {
  // A command `encore serve` runs for a CLI uses the server's services (in demo mode a second
  // simulator would sign the accounts in again, and the server's tokens would stop working).
  if (ctx.services && !options.sim) return { ...ctx.services, close: async () => undefined };
  const { config } = ctx;
  // Demo mode: the concert world first, since the Spotify simulator's catalog must hold its artists.
  const world = !options.sim && config.demo ? await createDemoWorld(ctx.clock.now()) : undefined;
  const ownSim = world ? await startDemoSpotify(ctx.clock, world.catalog) : undefined;
  const demoConcerts =
    world && ownSim ? await startDemoConcerts(world, ownSim.catalog, ctx.clock) : undefined;
  const demoSim = options.sim ?? ownSim;
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
  const services: Services = {
    spotify,
    demoAccounts: config.demo ? DEMO_USERS : [],
    demoSim,
    ...(demoConcerts ? { demoConcerts } : {}),
    ...(ownSim ? { demoTruth: ownSim } : {}),
    close: async () => {
      await demoConcerts?.close();
      await ownSim?.close();
    },
  };
  if (ownSim) {
    await restoreDemoPlaylists(ctx, ownSim);
    await reconnectDemoAccounts(ctx, services, options.connectAllDemoUsers ?? false);
    // Several months of simulated listening, so the dashboard has something to show.
    const { addDemoHistory } = await import('./demo/history.ts');
    await addDemoHistory(ctx, ownSim);
  }
  return services;
}

/**
 * The demo simulator is new in every process and would answer 404 for the playlists an
 * earlier process created — which encore would report as "deleted on Spotify" and create
 * again. Spotify keeps them, so the simulator gets them back: same id, last written tracks.
 */
async function restoreDemoPlaylists(ctx: AppContext, sim: DemoSpotifySim): Promise<void> {
  const { listManagedPlaylists } = await import('../playlists/store.ts');
  for (const p of await listManagedPlaylists(ctx.db)) {
    if (!p.spotifyPlaylistId) continue;
    const uris = (p.trackIds ?? []).map((id) => `spotify:track:${id}`);
    sim.restorePlaylist({ id: p.spotifyPlaylistId, ownerId: p.userId, name: p.name, uris });
  }
}

/**
 * The demo simulator is new in every process, so the tokens a previous process stored
 * mean nothing to it: sign the demo accounts in again (the simulator consents at once).
 */
async function reconnectDemoAccounts(ctx: AppContext, services: Services, all: boolean): Promise<void> {
  const stored = new Set((await services.spotify.tokens.all()).map((t) => t.userId));
  for (const user of DEMO_USERS) {
    if (all || stored.has(user)) await connectSimulatedUser({ db: ctx.db, services, clock: ctx.clock }, user);
  }
}
