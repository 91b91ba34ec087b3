import type { AppContext } from './context.ts';
import type { ResolveClients } from '../resolve/clients.ts';
import type { Services } from './services.ts';
import { DEFAULT_MUSICBRAINZ_URL } from '../config/schema.ts';

/**
 * The clients of one resolve run, with this process's endpoints: the configured ones, or in
 * demo mode the Spotify simulator and a MusicBrainz simulator over the demo catalog (unless
 * MUSICBRAINZ_API_URL points somewhere else).
 */
export async function openResolveClients(
  ctx: Pick<AppContext, 'config' | 'clock' | 'logger'>,
  services: Services,
): Promise<ResolveClients> {
  const { createResolveClients } = await import('../resolve/clients.ts');
  const { config } = ctx;
  let musicbrainzUrl = config.musicbrainz.apiUrl;
  let onClose: (() => Promise<void>) | undefined;
  if (services.demoSim && musicbrainzUrl === DEFAULT_MUSICBRAINZ_URL) {
    const { startDemoMusicBrainz } = await import('./demo/musicbrainz.ts');
    const sim = await startDemoMusicBrainz(ctx.clock);
    musicbrainzUrl = sim.url;
    onClose = sim.close;
  }
  return createResolveClients({
    spotify: services.spotify,
    spotifyApiUrl: services.demoSim?.apiUrl ?? config.spotify.apiUrl,
    musicbrainzUrl,
    musicbrainzContact: config.musicbrainz.contact,
    deferThresholdMs: config.deferThresholdMs,
    clock: ctx.clock,
    logger: ctx.logger,
    ...(onClose ? { onClose } : {}),
  });
}
