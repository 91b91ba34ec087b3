/**
 * The `forward` job: every enabled target of every account (or of one), each independent —
 * a target that is disabled, deferred or failing never stops the others. One run report per
 * account (job `forward`, on that account's Status page); the returned report sums them.
 */
import { bump, newRunReport, type RunReport, saveRunReport } from '../store/job-runs.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { forwardTarget, type TargetResult } from './driver.ts';
import type { ForwardRuntime } from './runtime.ts';
import { type ForwardTarget, listTargets, moveSince } from './targets.ts';

export interface ForwardRunDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  runtime: ForwardRuntime;
}

export interface ForwardRunOptions {
  userId?: string;
  /** Backfill: forward (not yet sent) plays that ended at or after this. */
  sinceMs?: number;
}

export async function runForward(deps: ForwardRunDeps, options: ForwardRunOptions = {}): Promise<RunReport> {
  const total = newRunReport('forward', options.userId ?? null, deps.clock.now());
  const callsBefore = deps.runtime.counter.snapshot();
  const targets = await listTargets(deps.db, options.userId);
  const byUser = new Map<string, ForwardTarget[]>();
  for (const t of targets) byUser.set(t.userId, [...(byUser.get(t.userId) ?? []), t]);
  for (const [userId, own] of byUser) {
    const report = await forwardAccount(deps, userId, own, options.sinceMs);
    for (const [k, v] of Object.entries(report.counts)) bump(total, k, v);
    total.errors.push(...report.errors.map((e) => `${userId}: ${e}`));
    if (report.resumeAt) total.resumeAt = Math.max(total.resumeAt ?? 0, report.resumeAt);
  }
  total.apiCalls = deps.runtime.counter.since(callsBefore);
  total.finishedAt = deps.clock.now();
  total.outcome = outcomeOf(total);
  total.summary = summarise(total);
  return total;
}

async function forwardAccount(
  deps: ForwardRunDeps,
  userId: string,
  targets: ForwardTarget[],
  sinceMs: number | undefined,
): Promise<RunReport> {
  const report = newRunReport('forward', userId, deps.clock.now());
  const callsBefore = deps.runtime.counter.snapshot();
  for (const target of targets) {
    if (sinceMs !== undefined && sinceMs < target.sinceMs) {
      await moveSince(deps.db, target.targetId, sinceMs, deps.clock.now());
      target.sinceMs = sinceMs;
    }
    let result: TargetResult;
    try {
      result = await forwardTarget(deps, target, deps.runtime.clientFor(target));
    } catch (error) {
      // A configuration problem (no Last.fm API key, a key that cannot decrypt the secret).
      result = {
        targetId: target.targetId,
        kind: target.kind,
        outcome: 'failed',
        delivered: 0,
        deadLettered: 0,
        reconciled: 0,
        requests: 0,
        error: (error as Error).message,
      };
    }
    addResult(report, result);
  }
  report.apiCalls = deps.runtime.counter.since(callsBefore);
  report.finishedAt = deps.clock.now();
  report.outcome = outcomeOf(report);
  report.summary = summarise(report);
  const eventful =
    report.errors.length > 0 || (report.counts.delivered ?? 0) + (report.counts.dead_letters ?? 0) > 0;
  if (eventful) await saveRunReport(deps.db, report);
  if (eventful) deps.logger.info('forward', { summary: report.summary });
  return report;
}

function addResult(report: RunReport, r: TargetResult): void {
  bump(report, 'targets');
  bump(report, 'delivered', r.delivered);
  bump(report, 'dead_letters', r.deadLettered);
  if (r.reconciled) bump(report, 'reconciled', r.reconciled);
  bump(report, `targets_${r.outcome}`);
  if (r.error && r.outcome !== 'skipped') report.errors.push(`${r.kind}: ${r.error}`);
  if (r.resumeAt) report.resumeAt = Math.max(report.resumeAt ?? 0, r.resumeAt);
}

function outcomeOf(report: RunReport): RunReport['outcome'] {
  const c = report.counts;
  const bad = (c.targets_failed ?? 0) + (c.targets_disabled ?? 0);
  if (bad > 0)
    return bad >= (c.targets ?? 0) - (c.targets_skipped ?? 0) && !c.delivered ? 'failed' : 'partial';
  if (c.targets_deferred) return 'deferred';
  return 'ok';
}

function summarise(report: RunReport): string {
  const c = report.counts;
  const parts = [`${c.delivered ?? 0} play(s) forwarded to ${c.targets ?? 0} target(s)`];
  if (c.dead_letters) parts.push(`${c.dead_letters} dead letter(s)`);
  if (c.reconciled) parts.push(`${c.reconciled} found already delivered after an interrupted batch`);
  if (c.targets_disabled) parts.push(`${c.targets_disabled} target(s) disabled (invalid token or session)`);
  if (c.targets_skipped) parts.push(`${c.targets_skipped} disabled target(s) skipped`);
  if (c.targets_deferred) parts.push(`${c.targets_deferred} paused by rate limits`);
  return parts.join(', ');
}
