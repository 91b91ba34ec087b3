/**
 * Wires `runShowsSync` from the configuration: the event sources, setlist.fm (when a key
 * is set), the Spotify client and one call counter for the run. Used by `encore shows
 * sync` and by `encore serve`'s weekly schedule.
 */
import type { AppContext } from '../cli/context.ts';
import { createSetlistFmClient } from '../enrich/setlistfm.ts';
import { createEventSources } from '../events/sources.ts';
import { resolveWindow, type WindowInput } from '../events/window.ts';
import { runShowsSync, type ShowsSyncResult } from '../jobs/shows-sync.ts';
import type { Services } from './services.ts';

export interface ShowsSyncRequest extends WindowInput {
  userId: string;
  placeIds?: string[];
  tracksPerArtist?: number;
  /** Show progress bars (the CLI) or not (serve). */
  progress?: boolean;
}

export async function runConfiguredShowsSync(
  ctx: AppContext,
  services: Services,
  request: ShowsSyncRequest,
): Promise<ShowsSyncResult> {
  const raw = ctx.config.raw;
  const counter = services.spotify.counter;
  const common = {
    clock: ctx.clock,
    logger: ctx.logger,
    counter,
    deferThresholdMs: ctx.config.deferThresholdMs,
  };
  const sources = createEventSources(raw, common);
  const setlistfm = raw.SETLISTFM_API_KEY
    ? createSetlistFmClient({ apiKey: raw.SETLISTFM_API_KEY, baseUrl: raw.SETLISTFM_API_URL, ...common })
    : null;
  const window = resolveWindow(request, new Date(ctx.clock.now()));
  return runShowsSync(
    {
      db: ctx.db,
      clock: ctx.clock,
      logger: ctx.logger,
      ...(request.progress ? { progress: () => ctx.progress() } : {}),
      sources,
      spotify: services.spotify.client,
      userId: request.userId,
      setlistfm,
      counters: [counter],
    },
    { window, placeIds: request.placeIds, tracksPerArtist: request.tracksPerArtist },
  );
}
