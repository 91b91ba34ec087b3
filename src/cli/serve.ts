import type { Command } from 'commander';
import type { AppContext } from '../app/context.ts';
import { controlPaths } from '../control/protocol.ts';
import { type ControlServer, startControlServer } from '../control/server.ts';
import { inProcessRunner } from './in-process.ts';
import { createWebApp, type RunningWeb, startWebServer } from '../web/server.ts';
import { runCapturePass } from '../jobs/capture.ts';
import { type Scheduler, startScheduler } from '../app/scheduler.ts';
import { createServices, type Services } from '../app/services.ts';
import { parseShowsCron } from '../app/shows-schedule.ts';
import { createScheduledTasks } from '../app/scheduled-tasks.ts';
import { syncShowsForServe } from '../app/shows-sync-runner.ts';
import type { RemoteStateRunner } from '../cloud/remote-jobs.ts';
import { remoteWeb } from '../cloud/remote-web.ts';
import { forwardJob } from '../jobs/forward.ts';

export interface RunningEncore {
  web: RunningWeb;
  services: Services;
  scheduler: Scheduler;
  /** ENCORE_STATE_URL: the runner that makes work one remote-state transaction (CLI commands use it too). */
  remoteState?: RemoteStateRunner;
  /** Demo mode: the first shows sync, started in the background (settles, never rejects). */
  demoShowsSync?: Promise<void>;
  stop(): Promise<void>;
}

/** The web app on its port, behind the remote-state wrapper when ENCORE_STATE_URL is set. */
async function serveWeb(
  ctx: AppContext,
  services: Services,
  scheduler: Scheduler,
  remoteWebState: ReturnType<typeof remoteWeb>,
  port: number | undefined,
): Promise<RunningWeb> {
  const { config, db, clock, logger } = ctx;
  const app = createWebApp({ config, db, services, clock, logger, scheduler });
  const web = await startWebServer(
    remoteWebState?.wrap(app) ?? app,
    config.host,
    port ?? config.port,
    (message) => logger.warn(message),
  );
  logger.info(`encore is running at ${web.url}/`, {
    mode: config.demo ? 'demo (simulated Spotify)' : 'live',
  });
  return web;
}

/**
 * `encore serve`: the web server and the scheduler in one process. In demo mode the
 * simulated accounts are connected at start (the simulator is new in every process, so
 * their tokens are too).
 */
export async function startEncore(
  ctx: AppContext,
  options: {
    tickMs?: number;
    port?: number;
    syncShows?: () => Promise<unknown>;
    /** Demo mode: the first shows sync after start (default on; tests about other things turn it off). */
    firstDemoShowsSync?: boolean;
  } = {},
): Promise<RunningEncore> {
  parseShowsCron(ctx.config.shows.cron, ctx.config.timeZone); // a bad setting stops us before anything starts
  const services = await createServices(ctx, { connectAllDemoUsers: true });
  if (services.demoSim)
    ctx.logger.info('demo accounts connected', { accounts: services.demoAccounts.length });
  // Demo mode only: its modules (and the simulators they reach) load only then.
  const demo = services.demoConcerts ? await import('../app/demo/concerts.ts') : undefined;
  if (demo && services.demoConcerts) await demo.addDemoPlace(ctx, services.demoConcerts.place);
  const shutdown = new AbortController();
  const syncShows = options.syncShows ?? (() => syncShowsForServe(ctx, services));
  // ENCORE_STATE_URL: each job run downloads, locks and writes back the bucket's database file.
  // Web requests that change state join the same runner (src/cloud/remote-web.ts).
  const remoteWebState = remoteWeb(ctx);
  const remote = remoteWebState?.runner;
  const forward = forwardJob(ctx);
  const scheduler = startScheduler(
    createScheduledTasks(ctx, services, { forward, syncShows, signal: shutdown.signal }),
    {
      tickMs: options.tickMs ?? 15_000,
      logger: ctx.logger,
      // On Cloud Run the CPU sleeps between requests: Cloud Scheduler drives the jobs instead.
      ticks: ctx.config.scheduler !== 'external',
      ...(remote ? { around: remote.run } : {}),
    },
  );
  const web = await serveWeb(ctx, services, scheduler, remoteWebState, options.port);
  // Demo mode: fill the Shows and Playlists pages soon after start, in the background.
  const demoSync =
    demo && options.firstDemoShowsSync !== false
      ? demo
          .runFirstDemoShowsSync(ctx, syncShows)
          .catch((error) => ctx.logger.warn('demo shows sync failed', { error: (error as Error).message }))
      : undefined;
  let demoSyncPending = demoSync !== undefined;
  void demoSync?.then(() => (demoSyncPending = false));
  return {
    web,
    services,
    scheduler,
    ...(remote ? { remoteState: remote } : {}),
    ...(demoSync ? { demoShowsSync: demoSync } : {}),
    async stop() {
      await web.close();
      shutdown.abort();
      await scheduler.stop();
      if (demoSyncPending) ctx.logger.info('waiting for the demo shows sync to finish');
      await demoSync; // it uses the database and the simulators closed below
      // A last pass on the way down: plays that ended since the last poll could otherwise
      // scroll out of Spotify's 50-play window while encore is stopped.
      const lastPass = () => runCapturePass({ ...ctx, services });
      await (remote ? remote.run(lastPass) : lastPass()).catch((error) =>
        ctx.logger.warn('final capture pass failed', { error: (error as Error).message }),
      );
      await services.close();
    },
  };
}

/**
 * The CLI's way in while this server holds the database (src/control/): commands arrive
 * on the socket and run in a program from `newProgram`, against this server's context and
 * services — with ENCORE_STATE_URL each as one remote-state transaction, like a job, so
 * its writes reach the bucket. Without it (a data folder that cannot hold a socket) the
 * CLI refuses as before.
 */
export async function startControl(
  ctx: AppContext,
  running: Pick<RunningEncore, 'services' | 'remoteState'>,
  newProgram: () => Command,
): Promise<ControlServer | undefined> {
  const runner = inProcessRunner(ctx, running.services, newProgram);
  const remote = running.remoteState;
  try {
    return await startControlServer({
      paths: controlPaths(ctx.config),
      dbPath: ctx.config.dbPath,
      logger: ctx.logger,
      run: remote ? (request, write) => remote.run(() => runner(request, write)) : runner,
    });
  } catch (error) {
    ctx.logger.warn('CLI commands cannot reach this server: the control socket did not start', {
      error: (error as Error).message,
    });
    return undefined;
  }
}
