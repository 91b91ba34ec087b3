import type { Services } from '../app/services.ts';
import type { Config } from '../config/config.ts';
import type { RunReport } from '../store/job-runs.ts';
import type { Db } from '../store/db.ts';
import { readState, writeState } from '../store/sync-state.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { SpotifyBudget } from '../resolve/budget.ts';
import { createResolveClients } from '../resolve/clients.ts';
import { PAUSE_KEY, resolveCatalog } from '../resolve/job.ts';

export const DAILY_KEY = 'resolve:last_daily';
export const DAY_MS = 24 * 3600 * 1000;
/** The very first run waits a little: right after start, capture and the web page come first. */
export const FIRST_RUN_DELAY_MS = 10 * 60 * 1000;

/** Due once a day, and not while Spotify has asked resolve to wait. */
export async function dailyResolveDue(db: Db, now: number): Promise<boolean> {
  const last = await readState<number>(db, DAILY_KEY);
  if (last === undefined) {
    await writeState(db, DAILY_KEY, now - DAY_MS + FIRST_RUN_DELAY_MS);
    return false;
  }
  const paused = (await readState<number>(db, PAUSE_KEY)) ?? 0;
  return now - last >= DAY_MS && paused <= now;
}

/**
 * The scheduled resolve inside `encore serve`: once a day, every connected account in
 * turn, sharing one budget of ENCORE_RESOLVE_DAILY_BUDGET Spotify calls (rate limits are
 * per app, not per account). Returns the last account's report, or nothing when not due.
 */
export async function runDailyResolve(deps: {
  db: Db;
  config: Config;
  services: Services;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
}): Promise<RunReport | void> {
  const { db, config, services, clock, logger } = deps;
  const limit = config.raw.ENCORE_RESOLVE_DAILY_BUDGET;
  if (limit <= 0 || !(await dailyResolveDue(db, clock.now()))) return;
  const users = (await services.spotify.tokens.all()).filter((t) => t.state === 'ok').map((t) => t.userId);
  await writeState(db, DAILY_KEY, clock.now());
  if (users.length === 0) return;
  const clients = await createResolveClients({ config, services, clock, logger });
  const budget = new SpotifyBudget(limit, clients.spotify.counter);
  let last: RunReport | undefined;
  try {
    for (const userId of users) {
      if (deps.signal?.aborted) break;
      last = await resolveCatalog({ db, ...clients, budget, clock, logger, userId, signal: deps.signal });
      logger.info('resolve run', { user: userId, outcome: last.outcome, calls: budget.used() });
      if (budget.remaining() === 0 || last.outcome === 'deferred') break;
    }
  } finally {
    await clients.close();
  }
  return last;
}
