import type { AppContext } from './context.ts';
import type { ScheduledTask } from './scheduler.ts';
import type { Services } from './services.ts';
import { openResolveClients } from './resolve-clients.ts';
import { createWeeklyShowsTask } from './shows-schedule.ts';
import { runCapturePass } from '../jobs/capture.ts';
import { createForwardTask, type forwardJob } from '../jobs/forward.ts';
import { refreshAllPlaylists } from '../jobs/playlist-refresh.ts';
import { runDailyResolve } from '../jobs/resolve.ts';

/**
 * The tasks `encore serve`'s scheduler runs — the pipelines of src/jobs/index.ts wired to
 * this process's services. Their names are what `POST /jobs/<name>` accepts and what
 * deploy/gcp/jobs.conf schedules.
 */
export function createScheduledTasks(
  ctx: AppContext,
  services: Services,
  wiring: {
    forward: ReturnType<typeof forwardJob>;
    syncShows: () => Promise<unknown>;
    signal: AbortSignal;
  },
): ScheduledTask[] {
  return [
    {
      name: 'capture',
      run: async () => {
        const report = await runCapturePass({ ...ctx, services, forward: wiring.forward }, { onlyDue: true });
        if ((report.counts.users_polled ?? 0) > 0)
          ctx.logger.info('capture pass', { summary: report.summary });
        return report;
      },
    },
    // Plays to ListenBrainz / Last.fm: after each capture, and here to retry what failed or paused.
    createForwardTask(wiring.forward, ctx.clock),
    // Catalog details for imported plays: once a day, within ENCORE_RESOLVE_DAILY_BUDGET calls.
    {
      name: 'resolve',
      run: () =>
        runDailyResolve({
          ...ctx,
          tokens: services.spotify.tokens,
          dailyBudget: ctx.config.resolve.dailyBudget,
          openClients: () => openResolveClients(ctx, services),
          signal: wiring.signal,
        }),
    },
    createWeeklyShowsTask({
      db: ctx.db,
      clock: ctx.clock,
      logger: ctx.logger,
      cron: ctx.config.shows.cron,
      timeZone: ctx.config.timeZone,
      syncShows: wiring.syncShows,
      refreshPlaylists: () =>
        refreshAllPlaylists({
          db: ctx.db,
          spotify: services.spotify.client,
          clock: ctx.clock,
          logger: ctx.logger,
          timeZone: ctx.config.timeZone,
        }),
    }),
  ];
}
