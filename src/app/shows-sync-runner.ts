/**
 * Wires `runShowsSync` from the configuration: the event sources, setlist.fm (when a key
 * is set), the Spotify client and one call counter for the run. Used by `encore shows
 * sync` and by `encore serve`'s weekly schedule.
 */
import type { AppContext } from './context.ts';
import { createSetlistFmClient } from '../enrich/setlistfm.ts';
import { createEventSources } from '../events/sources.ts';
import { resolveWindow, type WindowInput } from '../events/window.ts';
import { runShowsSync, type ShowsSyncResult } from '../jobs/shows-sync.ts';
import { publishShowsExport } from '../cloud/shows-export.ts';
import type { Services } from './services.ts';
import { listUsers } from '../store/users.ts';
import { alertSettingsFromConfig, runAlerts } from '../alerts/run-alerts.ts';

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
  const counter = services.spotify.counter;
  const common = {
    clock: ctx.clock,
    logger: ctx.logger,
    counter,
    deferThresholdMs: ctx.config.deferThresholdMs,
  };
  // Demo mode: the in-process simulators stand in for Ticketmaster and setlist.fm.
  const demo = services.demoConcerts;
  const events = demo?.events ?? ctx.config.events;
  const sources = createEventSources(events, common);
  const setlistfm = events.setlistfm.apiKey
    ? createSetlistFmClient({
        apiKey: events.setlistfm.apiKey,
        baseUrl: events.setlistfm.apiUrl,
        ...(demo ? { ratePerSecond: demo.setlistfmRatePerSecond } : {}),
        ...common,
      })
    : null;
  const window = resolveWindow(request, new Date(ctx.clock.now()));
  const result = await runShowsSync(
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
  // ENCORE_SHOWS_EXPORT=gs://…: the weekly dataset to the bucket (no-op when unset).
  await publishShowsExport({
    config: ctx.config,
    db: ctx.db,
    now: new Date(ctx.clock.now()),
    logger: ctx.logger,
  });
  // Alerts for loved artists: new shows of theirs, once per show per user (src/alerts/).
  await runAlerts({
    db: ctx.db,
    logger: ctx.logger,
    now: new Date(ctx.clock.now()),
    ...alertSettingsFromConfig(ctx.config),
  });
  return result;
}

/**
 * The weekly run inside `encore serve`. Events, matches and picks are shared by every
 * account, so one sync is enough; it runs with the first connected account's token (and
 * its listening breaks ties and seeds the "your own tracks first" picks).
 */
export async function syncShowsForServe(
  ctx: AppContext,
  services: Services,
): Promise<ShowsSyncResult | undefined> {
  const [user] = await listUsers(ctx.db);
  if (!user) {
    ctx.logger.info('weekly shows sync skipped: no account is connected yet');
    return undefined;
  }
  return runConfiguredShowsSync(ctx, services, { userId: user.user_id });
}
