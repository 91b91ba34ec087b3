/**
 * The resolve pipeline: `encore resolve` for one account (resolveCatalog) and the daily run
 * inside `encore serve` (runDailyResolve) that shares one call budget between accounts.
 */
import type { Clock } from '../util/clock.ts';
import type { Db } from '../store/db.ts';
import type { Logger } from '../util/logger.ts';
import type { ResolveClients } from '../resolve/clients.ts';
import type { ResolveContext } from '../resolve/context.ts';
import type { TokenStore } from '../spotify/token-store.ts';
import { SpotifyBudget } from '../resolve/budget.ts';
import { applyKnownNames, type PendingCounts, pendingCounts } from '../resolve/pending.ts';
import { bump, type RunReport } from '../store/job-runs.ts';
import { formatResolveSummary } from '../resolve/report.ts';
import { mergeLiveTwins } from '../resolve/duplicates.ts';
import { noProgress, type Progress } from '../util/progress.ts';
import { readState, writeState } from '../store/sync-state.ts';
import { resolvePending, StopRun, type StopReason } from '../resolve/run.ts';
import { runJob } from './run-job.ts';
import { type LastResolve, lastRunKey, PAUSE_KEY } from '../resolve/state.ts';

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
  clock: Clock;
  logger: Logger;
  tokens: TokenStore;
  /** ENCORE_RESOLVE_DAILY_BUDGET: Spotify calls per day, shared by every account; 0 turns it off. */
  dailyBudget: number;
  /** Opened only when a run is due (app/ builds them: in demo mode they talk to simulators). */
  openClients: () => Promise<ResolveClients>;
  signal?: AbortSignal;
}): Promise<RunReport | void> {
  const { db, clock, logger } = deps;
  const limit = deps.dailyBudget;
  if (limit <= 0 || !(await dailyResolveDue(db, clock.now()))) return;
  const users = (await deps.tokens.all()).filter((t) => t.state === 'ok').map((t) => t.userId);
  await writeState(db, DAILY_KEY, clock.now());
  if (users.length === 0) return;
  const clients = await deps.openClients();
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

type JobContext = Omit<ResolveContext, 'report'>;

/**
 * `encore resolve` for one user: fills in catalog details for imported plays within the
 * run's Spotify call budget, and saves a run report (job 'resolve'). Resumable: every
 * lookup is committed on its own and recorded, so the next run starts where this stopped.
 */
export async function resolveCatalog(
  ctx: JobContext,
  options: { progress?: Progress } = {},
): Promise<RunReport> {
  const { db, clock } = ctx;
  const progress = options.progress ?? noProgress;
  const start = clock.now();
  const pausedUntil = (await readState<number>(db, PAUSE_KEY)) ?? 0;
  let stop: StopReason | null = null;
  const run = await runJob<PendingCounts>(
    'resolve',
    { db, clock, counters: [ctx.spotify.counter, ctx.musicbrainz.http.counter] },
    {
      userId: ctx.userId,
      saveAtStart: pausedUntil <= start,
      outcome: () => outcomeOf(stop),
      summary: (report, left) =>
        formatResolveSummary(report, stop, left, { used: ctx.budget.used(), limit: ctx.budget.limit }),
    },
    async (report) => {
      if (pausedUntil > start) {
        stop = 'deferred';
        report.resumeAt = pausedUntil;
      } else stop = await work({ ...ctx, report }, start, progress, report);
      if (stop) bump(report, `stopped_${stop}`);
      return pendingCounts(db, ctx.userId, clock.now() + 1);
    },
  );
  const { report, value: left } = run;
  if (stop === 'deferred' && report.resumeAt) await writeState(db, PAUSE_KEY, report.resumeAt);
  await writeState(db, lastRunKey(ctx.userId), {
    at: report.finishedAt ?? clock.now(),
    stoppedBecause: stop,
    left,
  } satisfies LastResolve);
  progress.done(stop ? `stopped (${stop})` : 'done');
  return report;
}

async function work(
  ctx: ResolveContext,
  start: number,
  progress: Progress,
  report: RunReport,
): Promise<StopReason | null> {
  const reused = await ctx.db.transaction(async (tx) => {
    const n = await applyKnownNames(tx, ctx.userId);
    return n > 0 ? { n, merged: await mergeLiveTwins(tx, ctx.userId) } : { n, merged: 0 };
  });
  if (reused.n) bump(report, 'names_reused', reused.n);
  if (reused.merged) bump(report, 'duplicates_merged', reused.merged);
  const todo = await pendingCounts(ctx.db, ctx.userId, start);
  progress.start('resolving', todo.tracks + todo.names + todo.artists);
  try {
    await resolvePending(ctx, start, progress);
    return null;
  } catch (error) {
    if (!(error instanceof StopRun)) throw error;
    if (error.resumeAt) report.resumeAt = error.resumeAt;
    if (error.reason !== 'budget') report.errors.push(error.message);
    return error.reason;
  }
}

function outcomeOf(stop: StopReason | null): RunReport['outcome'] {
  if (stop === null) return 'ok';
  if (stop === 'budget' || stop === 'interrupted') return 'partial';
  if (stop === 'deferred') return 'deferred';
  return 'failed';
}
