/**
 * The connect-then-backfill run: right after an account connects (`encore connect`, or the
 * web sign-in callback), fetch its recent plays at once so its first page is not empty. A
 * run of its own (`backfill` on the Status page); capture's next pass takes over from here.
 */
import type { RunReport } from '../store/job-runs.ts';
import { type CaptureDeps, type CaptureOptions, captureUser } from '../capture/capture-user.ts';
import { runJob } from './run-job.ts';
import { formatCount } from '../util/numbers.ts';

export async function backfillConnectedAccount(
  deps: CaptureDeps,
  userId: string,
  /** The poll intervals only: a backfill never samples the player (no `precise`). */
  intervals: Pick<CaptureOptions, 'activeIntervalMs' | 'idleMaxIntervalMs'>,
): Promise<RunReport> {
  const options: CaptureOptions = {
    activeIntervalMs: intervals.activeIntervalMs,
    idleMaxIntervalMs: intervals.idleMaxIntervalMs,
  };
  const run = await runJob(
    'backfill',
    { db: deps.db, clock: deps.clock, counters: [deps.spotify.counter] },
    {
      userId,
      summary: (report) => `${formatCount(report.counts.plays_added ?? 0)} recent play(s) backfilled`,
    },
    (report) => captureUser(deps, userId, options, report),
  );
  return run.report;
}
