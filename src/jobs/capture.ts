/**
 * The capture pipeline: one pass over every connected account (captureAll; accounts are
 * independent), then the new plays to the warehouse and the forward targets (runCapturePass,
 * what `encore log` and the scheduler run). Per-account capture lives in src/capture/.
 */
import type { Clock } from '../util/clock.ts';
import type { Config } from '../config/config.ts';
import type { Db } from '../store/db.ts';
import type { ForwardRunOptions } from '../jobs/forward.ts';
import type { Logger } from '../util/logger.ts';
import type { SpotifyRuntime } from '../spotify/runtime.ts';
import type { TokenStore } from '../spotify/token-store.ts';
import { formatCount } from '../util/numbers.ts';
import { forwardAfterRun } from './forward.ts';
import { runJob } from './run-job.ts';
import { syncWarehouseAfterRun } from '../warehouse/index.ts';
import {
  type CaptureDeps,
  type CaptureOptions,
  captureUser,
  loadPollState,
} from '../capture/capture-user.ts';
import type { RunReport } from '../store/job-runs.ts';

/** What capture needs of the process's services: the Spotify runtime (client and token store). */
interface SpotifyServices {
  spotify: SpotifyRuntime;
}

export function captureOptionsFrom(config: Config, services: SpotifyServices): CaptureAllOptions {
  return {
    activeIntervalMs: config.capture.activeIntervalMs,
    idleMaxIntervalMs: config.capture.idleMaxIntervalMs,
    precise: config.capture.precise,
    tokens: services.spotify.tokens,
  };
}

/**
 * One capture pass for every connected account, as `encore log` and the scheduler run it;
 * then the new plays go to the warehouse when one is configured, and to the forward targets
 * (ListenBrainz, Last.fm) when there are any; neither ever fails the pass.
 */
export async function runCapturePass(
  deps: {
    db: Db;
    services: SpotifyServices;
    clock: Clock;
    logger: Logger;
    config: Config;
    /** `encore serve`'s forward job (shared rate-limit state); otherwise one is made for this pass. */
    forward?: (options?: ForwardRunOptions) => Promise<RunReport>;
  },
  extra: Partial<CaptureAllOptions> = {},
): Promise<RunReport> {
  const report = await captureAll(
    { db: deps.db, spotify: deps.services.spotify.client, clock: deps.clock, logger: deps.logger },
    { ...captureOptionsFrom(deps.config, deps.services), ...extra },
  );
  await syncWarehouseAfterRun(deps, 'capture');
  if ((report.counts.plays_added ?? 0) > 0) await forwardAfterRun(deps, 'capture');
  return report;
}

export interface CaptureAllOptions extends CaptureOptions {
  /** Poll only accounts whose next poll is due (the scheduler); `encore log` polls all. */
  onlyDue?: boolean;
  tokens: TokenStore;
}

/**
 * One capture pass over every connected account. Accounts are independent: one that
 * fails, needs reconnecting or is paused by a quota never stops the others.
 */
export async function captureAll(deps: CaptureDeps, options: CaptureAllOptions): Promise<RunReport> {
  const now = deps.clock.now();
  const run = await runJob(
    'listen-log',
    { db: deps.db, clock: deps.clock, counters: [deps.spotify.counter] },
    {
      outcome: outcomeOf,
      summary: summarise,
      // A pass that polled nobody and met no problem leaves no row (the scheduler ticks often).
      keep: (report) => (report.counts.users_polled ?? 0) > 0 || report.errors.length > 0,
    },
    async (report) => {
      for (const account of await options.tokens.all()) {
        if (account.state === 'reconnect_needed') {
          report.counts.users_reconnect_needed = (report.counts.users_reconnect_needed ?? 0) + 1;
          report.errors.push(
            `${account.userId}: reconnect needed (${account.stateReason ?? 'authorisation lost'})`,
          );
          continue;
        }
        const state = await loadPollState(deps.db, account.userId, now);
        if (state.deferredUntil && state.deferredUntil > now) {
          report.counts.users_paused = (report.counts.users_paused ?? 0) + 1;
          report.resumeAt = Math.max(report.resumeAt ?? 0, state.deferredUntil);
          continue;
        }
        if (options.onlyDue && state.nextPollAt > now) continue;
        report.counts.users_polled = (report.counts.users_polled ?? 0) + 1;
        await captureUser(deps, account.userId, options, report);
      }
    },
  );
  return run.report;
}

function outcomeOf(report: RunReport): RunReport['outcome'] {
  const failed = (report.counts.users_failed ?? 0) + (report.counts.users_reconnect_needed ?? 0);
  const deferred = (report.counts.users_deferred ?? 0) + (report.counts.users_paused ?? 0);
  if (failed > 0) return (report.counts.users_polled ?? 0) > failed ? 'partial' : 'failed';
  if (deferred > 0) return 'deferred';
  return report.errors.length > 0 ? 'partial' : 'ok';
}

function summarise(report: RunReport): string {
  const c = report.counts;
  const parts = [
    `${c.users_polled ?? 0} account(s) polled`,
    `${formatCount(c.plays_added ?? 0)} new play(s)`,
  ];
  if (c.items_skipped) parts.push(`${c.items_skipped} unreadable item(s) skipped`);
  if (c.users_deferred || c.users_paused)
    parts.push(`${(c.users_deferred ?? 0) + (c.users_paused ?? 0)} paused by rate limits`);
  if (c.users_reconnect_needed) parts.push(`${c.users_reconnect_needed} need reconnecting`);
  if (c.users_failed) parts.push(`${c.users_failed} failed`);
  return parts.join(', ');
}
