/**
 * encore's pipelines, one orchestration file each. Every pipeline takes its dependencies as
 * arguments (store, clients, clock, logger, progress) and runs inside `runJob`, so each run
 * leaves one `job_runs` row (Status page, `encore status`). The domain logic they call stays
 * in its folder (capture/, history/, resolve/, shows/, matching/, playlists/, forward/).
 *
 * `task` is the scheduler's name for the pipeline in `encore serve` (and what
 * `POST /jobs/<task>` and deploy/gcp/jobs.conf use); `schedule` says when it runs there.
 */
import type { JobName } from './run-job.ts';

export interface Pipeline {
  job: JobName;
  file: string;
  /** Who starts it. */
  runBy: string;
  task?: 'capture' | 'resolve' | 'shows-weekly' | 'forward';
  schedule: string;
}

export const PIPELINES: readonly Pipeline[] = [
  {
    job: 'listen-log',
    file: 'jobs/capture.ts',
    runBy: 'encore log, encore serve',
    task: 'capture',
    schedule: 'every tick (15 s); each account is polled when due (adaptive 1–30 min)',
  },
  {
    job: 'backfill',
    file: 'jobs/backfill.ts',
    runBy: 'encore connect, the sign-in callback',
    schedule: 'once, right after an account connects',
  },
  {
    job: 'history-import',
    file: 'jobs/history-import.ts',
    runBy: 'encore import',
    schedule: 'on demand',
  },
  {
    job: 'resolve',
    file: 'jobs/resolve.ts',
    runBy: 'encore resolve, encore serve',
    task: 'resolve',
    schedule: 'daily, within ENCORE_RESOLVE_DAILY_BUDGET Spotify calls',
  },
  {
    job: 'shows-sync',
    file: 'jobs/shows-sync.ts',
    runBy: 'encore shows sync, encore serve',
    task: 'shows-weekly',
    schedule: 'weekly (ENCORE_SHOWS_CRON, default Monday 06:00), then the playlist refresh',
  },
  {
    job: 'playlist-refresh',
    file: 'jobs/playlist-refresh.ts',
    runBy: 'encore playlist refresh, encore serve',
    task: 'shows-weekly',
    schedule: 'weekly, after the shows sync',
  },
  {
    job: 'playlist-create',
    file: 'jobs/playlist-refresh.ts',
    runBy: 'encore playlist create, the Playlists page',
    schedule: 'on demand',
  },
  {
    job: 'forward',
    file: 'jobs/forward.ts',
    runBy: 'encore forward run, encore serve',
    task: 'forward',
    schedule: 'after every capture pass that found plays, and every 10 min to retry',
  },
];

export { runJob, type JobName } from './run-job.ts';
