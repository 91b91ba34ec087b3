import type { AppContext } from '../cli/context.ts';
import { refreshAllPlaylists } from '../playlists/index.ts';
import { createWebApp, type RunningWeb, startWebServer } from '../web/server.ts';
import { runCapturePass } from './capture-runner.ts';
import { runDailyResolve } from '../resolve/daily.ts';
import { DEMO_USERS } from './demo.ts';
import { type Scheduler, startScheduler } from './scheduler.ts';
import { createServices, type Services } from './services.ts';
import { createWeeklyShowsTask, parseShowsCron } from './shows-schedule.ts';
import { syncShowsForServe } from './shows-sync-runner.ts';

export interface RunningEncore {
  web: RunningWeb;
  services: Services;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

/**
 * `encore serve`: the web server and the scheduler in one process. In demo mode the
 * simulated accounts are connected at start (the simulator is new in every process, so
 * their tokens are too).
 */
export async function startEncore(
  ctx: AppContext,
  options: { tickMs?: number; port?: number; syncShows?: () => Promise<unknown> } = {},
): Promise<RunningEncore> {
  parseShowsCron(ctx.config.raw.ENCORE_SHOWS_CRON, ctx.config.timeZone); // a bad setting stops us before anything starts
  const services = await createServices(ctx, { connectAllDemoUsers: true });
  if (services.demoSim) ctx.logger.info('demo accounts connected', { accounts: DEMO_USERS.length });
  const shutdown = new AbortController();
  const scheduler = startScheduler(
    [
      {
        name: 'capture',
        run: async () => {
          const report = await runCapturePass({ ...ctx, services }, { onlyDue: true });
          if ((report.counts.users_polled ?? 0) > 0)
            ctx.logger.info('capture pass', { summary: report.summary });
          return report;
        },
      },
      // Catalog details for imported plays: once a day, within ENCORE_RESOLVE_DAILY_BUDGET calls.
      { name: 'resolve', run: () => runDailyResolve({ ...ctx, services, signal: shutdown.signal }) },
      createWeeklyShowsTask({
        db: ctx.db,
        clock: ctx.clock,
        logger: ctx.logger,
        cron: ctx.config.raw.ENCORE_SHOWS_CRON,
        timeZone: ctx.config.timeZone,
        syncShows: options.syncShows ?? (() => syncShowsForServe(ctx, services)),
        refreshPlaylists: () =>
          refreshAllPlaylists({
            db: ctx.db,
            spotify: services.spotify.client,
            clock: ctx.clock,
            logger: ctx.logger,
            timeZone: ctx.config.timeZone,
          }),
      }),
    ],
    { tickMs: options.tickMs ?? 15_000, logger: ctx.logger },
  );
  const app = createWebApp({
    config: ctx.config,
    db: ctx.db,
    services,
    clock: ctx.clock,
    logger: ctx.logger,
    scheduler,
  });
  const web = await startWebServer(app, ctx.config.host, options.port ?? ctx.config.port, (message) =>
    ctx.logger.warn(message),
  );
  ctx.logger.info(`encore is running at ${web.url}/`, {
    mode: ctx.config.demo ? 'demo (simulated Spotify)' : 'live',
  });
  return {
    web,
    services,
    scheduler,
    async stop() {
      await web.close();
      shutdown.abort();
      await scheduler.stop();
      // A last pass on the way down: plays that ended since the last poll could otherwise
      // scroll out of Spotify's 50-play window while encore is stopped.
      await runCapturePass({ ...ctx, services }).catch((error) =>
        ctx.logger.warn('final capture pass failed', { error: (error as Error).message }),
      );
      await services.close();
    },
  };
}
