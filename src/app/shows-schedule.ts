import { Cron } from 'croner';
import { ConfigError, describeSetting } from '../config/config.ts';
import type { RunReport } from '../store/job-runs.ts';
import type { Queryable } from '../store/db.ts';
import { readState, writeState } from '../store/sync-state.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { ScheduledTask } from './scheduler.ts';

export const SHOWS_TASK = 'shows-weekly';
const STATE_KEY = 'schedule:shows-weekly';

export interface WeeklyShowsDeps {
  db: Queryable;
  clock: Clock;
  logger: Logger;
  /** ENCORE_SHOWS_CRON, read in `timeZone`. */
  cron: string;
  timeZone: string;
  /** Pulls concerts, matches performers, picks tracks (the shows-sync job). */
  syncShows: () => Promise<unknown>;
  /** Rewrites every managed playlist (refreshAllPlaylists). */
  refreshPlaylists: () => Promise<RunReport>;
}

export function parseShowsCron(pattern: string, timeZone: string): Cron {
  try {
    return new Cron(pattern, { timezone: timeZone, paused: true });
  } catch (error) {
    throw new ConfigError(
      describeSetting(
        'ENCORE_SHOWS_CRON',
        `"${pattern}" is not a cron expression (${(error as Error).message}); e.g. "0 6 * * 1" is Mondays at 06:00`,
      ),
      'ENCORE_SHOWS_CRON',
    );
  }
}

/**
 * The weekly shows job inside `encore serve`: sync, then refresh the playlists. The
 * scheduler asks every tick; the task runs when a cron time has passed since its last
 * run (kept in sync_state), so a week missed while encore was stopped is caught up at
 * the next start. The very first start only records a baseline: it does not sync at once.
 */
export function createWeeklyShowsTask(deps: WeeklyShowsDeps): ScheduledTask {
  const cron = parseShowsCron(deps.cron, deps.timeZone);
  let lastRunAt: number | undefined;
  return {
    name: SHOWS_TASK,
    async run() {
      const now = deps.clock.now();
      lastRunAt ??= (await readState<{ lastRunAt: number }>(deps.db, STATE_KEY))?.lastRunAt;
      if (lastRunAt === undefined) {
        lastRunAt = now;
        await writeState(deps.db, STATE_KEY, { lastRunAt });
        return;
      }
      const due = cron.nextRun(new Date(lastRunAt));
      if (!due || due.getTime() > now) return;
      return runWeekly(deps, now, (at) => {
        lastRunAt = at;
      });
    },
    // An external scheduler (POST /jobs/shows-weekly) means "now", whatever the cron says.
    async runNow() {
      return runWeekly(deps, deps.clock.now(), (at) => {
        lastRunAt = at;
      });
    },
  };
}

async function runWeekly(deps: WeeklyShowsDeps, now: number, ran: (at: number) => void): Promise<RunReport> {
  deps.logger.info('weekly shows job: syncing shows');
  try {
    await deps.syncShows();
  } catch (error) {
    // Refresh anyway: shows that passed or were cancelled still leave the playlists.
    deps.logger.error('shows sync failed; refreshing playlists with what is stored', {
      error: (error as Error).message,
    });
  }
  const report = await deps.refreshPlaylists();
  deps.logger.info('weekly shows job: playlists refreshed', { summary: report.summary });
  ran(now);
  await writeState(deps.db, STATE_KEY, { lastRunAt: now });
  return report;
}
