import { DeferredError, HttpError, InvalidResponseError, NetworkError } from '../http/index.ts';
import { bump } from '../store/job-runs.ts';
import { ReconnectNeededError } from '../spotify/token-provider.ts';
import type { Progress } from '../util/progress.ts';
import { type AttemptOutcome, recordAttempt } from './attempts.ts';
import { resolveArtist } from './artists.ts';
import { BudgetSpentError } from './budget.ts';
import type { ResolveContext } from './context.ts';
import { resolveName } from './names.ts';
import { pendingArtists, pendingNames, pendingTracks } from './pending.ts';
import { resolveTrack } from './tracks.ts';

/** Why a run ended before everything was looked up. */
export type StopReason = 'budget' | 'deferred' | 'reconnect_needed' | 'failing' | 'interrupted';

export class StopRun extends Error {
  constructor(
    readonly reason: StopReason,
    message: string,
    readonly resumeAt?: number,
  ) {
    super(message);
    this.name = 'StopRun';
  }
}

/** Per round, this many of each kind: top tracks, names and artists advance together. */
const ROUND = 25;
/** This many failures in a row mean the service is down: stop instead of burning the budget. */
const MAX_FAILURES_IN_A_ROW = 5;
const MAX_ERRORS_KEPT = 20;

interface Step {
  subject: string;
  label: string;
  run(): Promise<void>;
}

/**
 * Works through one user's pending lookups in rounds, most-played first, until nothing is
 * left or the run must stop (budget, deferral, reconnect, a failing service) — which ends
 * in a StopRun. Everything done before the stop is committed item by item.
 */
export async function resolvePending(ctx: ResolveContext, since: number, progress: Progress): Promise<void> {
  let failuresInARow = 0;
  for (;;) {
    const steps = await nextRound(ctx, since);
    if (steps.length === 0) return;
    for (const step of steps) {
      if (ctx.signal?.aborted) throw new StopRun('interrupted', 'encore is shutting down');
      try {
        await step.run();
        failuresInARow = 0;
      } catch (error) {
        rethrowAsStop(error);
        failuresInARow++;
        await recordFailure(ctx, step, error);
        if (failuresInARow >= MAX_FAILURES_IN_A_ROW)
          throw new StopRun(
            'failing',
            `${failuresInARow} lookups failed in a row: ${(error as Error).message}`,
          );
      }
      progress.tick(1, `${step.label} · Spotify calls ${ctx.budget.used()}/${ctx.budget.limit}`);
    }
  }
}

async function nextRound(ctx: ResolveContext, since: number): Promise<Step[]> {
  const [tracks, names, artists] = [
    await pendingTracks(ctx.db, ctx.userId, since, ROUND),
    await pendingNames(ctx.db, ctx.userId, since, ROUND),
    await pendingArtists(ctx.db, ctx.userId, since, ROUND),
  ];
  return [
    ...tracks.map((t) => ({ subject: `track:${t.id}`, label: 'tracks', run: () => resolveTrack(ctx, t) })),
    ...names.map((n) => ({ subject: `name:${n.key}`, label: 'names', run: () => resolveName(ctx, n) })),
    ...artists.map((a) => ({
      subject: `artist:${a.id}`,
      label: 'artists',
      run: () => resolveArtist(ctx, a),
    })),
  ];
}

function rethrowAsStop(error: unknown): void {
  if (error instanceof BudgetSpentError) throw new StopRun('budget', error.message);
  if (error instanceof DeferredError) throw new StopRun('deferred', error.message, error.resumeAt);
  if (error instanceof ReconnectNeededError) throw new StopRun('reconnect_needed', error.message);
  const known = [HttpError, NetworkError, InvalidResponseError].some((kind) => error instanceof kind);
  if (!known) throw error;
}

/** A lookup that failed for a passing reason is tried again in a later run. */
async function recordFailure(ctx: ResolveContext, step: Step, error: unknown): Promise<void> {
  const message = (error as Error).message;
  const outcome: AttemptOutcome = 'failed';
  await recordAttempt(
    ctx.db,
    { subject: step.subject, outcome, detail: message.slice(0, 300) },
    ctx.clock.now(),
  );
  bump(ctx.report, 'lookups_failed');
  if (ctx.report.errors.length < MAX_ERRORS_KEPT) ctx.report.errors.push(message);
}
