import { bump, newRunReport, type RunReport, saveRunReport } from '../store/job-runs.ts';
import { readState, writeState } from '../store/sync-state.ts';
import { noProgress, type Progress } from '../util/progress.ts';
import type { ResolveContext } from './context.ts';
import { mergeLiveTwins } from './duplicates.ts';
import { applyKnownNames, pendingCounts } from './pending.ts';
import { formatResolveSummary } from './report.ts';
import { resolvePending, StopRun, type StopReason } from './run.ts';

/** Where the last run of each user stopped; `pausedUntil` is shared (Spotify limits the app). */
export const PAUSE_KEY = 'resolve:paused_until';
export const lastRunKey = (userId: string) => `resolve:last:${userId}`;

export interface LastResolve {
  at: number;
  stoppedBecause: StopReason | null;
  left: { tracks: number; names: number; artists: number };
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
  const report = newRunReport('resolve', ctx.userId, start);
  const before = ctx.spotify.counter.snapshot();
  const mbBefore = ctx.musicbrainz.http.counter.snapshot();

  const pausedUntil = (await readState<number>(db, PAUSE_KEY)) ?? 0;
  let stop: StopReason | null = null;
  if (pausedUntil > start) {
    stop = 'deferred';
    report.resumeAt = pausedUntil;
  } else {
    await saveRunReport(db, report);
    try {
      stop = await work({ ...ctx, report }, start, progress, report);
    } catch (error) {
      // An unexpected failure still leaves an honest record behind.
      report.outcome = 'failed';
      report.finishedAt = clock.now();
      report.errors.push((error as Error).message);
      await saveRunReport(db, report);
      throw error;
    }
  }

  report.apiCalls = {
    ...ctx.spotify.counter.since(before),
    ...ctx.musicbrainz.http.counter.since(mbBefore),
  };
  const left = await pendingCounts(db, ctx.userId, clock.now() + 1);
  report.finishedAt = clock.now();
  report.outcome = outcomeOf(stop);
  if (stop) bump(report, `stopped_${stop}`);
  report.summary = formatResolveSummary(report, stop, left, {
    used: ctx.budget.used(),
    limit: ctx.budget.limit,
  });
  if (stop === 'deferred' && report.resumeAt) await writeState(db, PAUSE_KEY, report.resumeAt);
  await writeState(db, lastRunKey(ctx.userId), {
    at: report.finishedAt,
    stoppedBecause: stop,
    left,
  } satisfies LastResolve);
  await saveRunReport(db, report);
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
