/**
 * The `forward` job: every enabled target of every account (or of one), each independent —
 * a target that is disabled, deferred or failing never stops the others. One run report per
 * account (job `forward`, on that account's Status page); the returned report sums them.
 */
import { bump, newRunReport, type RunReport } from '../store/job-runs.ts';
import { runJob } from './run-job.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import { forwardTarget, type TargetResult } from '../forward/driver.ts';
import { createForwardRuntime, type ForwardRuntime } from '../forward/runtime.ts';
import { type ForwardTarget, listTargets, moveSince } from '../forward/targets.ts';
import type { Config } from '../config/config.ts';

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
  const eventful = (r: RunReport) =>
    r.errors.length > 0 || (r.counts.delivered ?? 0) + (r.counts.dead_letters ?? 0) > 0;
  const { report } = await runJob(
    'forward',
    { db: deps.db, clock: deps.clock, counters: [deps.runtime.counter] },
    { userId, outcome: outcomeOf, summary: summarise, keep: eventful },
    async (report) => {
      for (const target of targets) {
        if (sinceMs !== undefined && sinceMs < target.sinceMs) {
          await moveSince(deps.db, target.targetId, sinceMs, deps.clock.now());
          target.sinceMs = sinceMs;
        }
        addResult(report, await forwardOne(deps, target));
      }
    },
  );
  if (eventful(report)) deps.logger.info('forward', { summary: report.summary });
  return report;
}

async function forwardOne(deps: ForwardRunDeps, target: ForwardTarget): Promise<TargetResult> {
  try {
    return await forwardTarget(deps, target, deps.runtime.clientFor(target));
  } catch (error) {
    // A configuration problem (no Last.fm API key, a key that cannot decrypt the secret).
    return {
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

// The forwarder's entry points: the `forward` job (scheduled and `POST /jobs/forward`), and the
// call capture and import make after they commit. Runs in one process never overlap (a play
// read as due by two runs at once would be sent twice); across processes DuckDB's file lock
// already keeps a second encore out.
const running = new WeakMap<Db, Promise<unknown>>();

/** Runs `runForward` after any run already going on this database has finished. */
export function forwardSerially(
  deps: { db: Db; clock: Clock; logger: Logger; runtime: ForwardRuntime },
  options: ForwardRunOptions = {},
): Promise<RunReport> {
  const previous = running.get(deps.db) ?? Promise.resolve();
  const next = previous.then(
    () => runForward(deps, options),
    () => runForward(deps, options),
  );
  running.set(
    deps.db,
    next.catch(() => undefined),
  );
  return next;
}

export interface ForwardJobDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
}

/** Lazily builds one runtime per process: the HTTP clients keep their rate-limit pauses. */
export function forwardJob(deps: ForwardJobDeps): (options?: ForwardRunOptions) => Promise<RunReport> {
  let runtime: ForwardRuntime | undefined;
  return (options) => {
    runtime ??= createForwardRuntime(deps);
    return forwardSerially({ ...deps, runtime }, options);
  };
}

/** After a capture or an import: forward what is new, if any target is set up. Never throws. */
export async function forwardAfterRun(
  deps: ForwardJobDeps & { forward?: (options?: ForwardRunOptions) => Promise<RunReport> },
  trigger: 'capture' | 'import',
): Promise<RunReport | undefined> {
  try {
    if (!(await listTargets(deps.db)).some((t) => t.enabled)) return undefined;
    return await (deps.forward ?? forwardJob(deps))();
  } catch (error) {
    deps.logger.warn('forwarding failed: the plays stay due and go on the next run', {
      trigger,
      error: (error as Error).message,
    });
    return undefined;
  }
}

/** The scheduled task: every `everyMs` (retries what failed or was paused), and at once on a trigger. */
export function createForwardTask(
  forward: (options?: ForwardRunOptions) => Promise<RunReport>,
  clock: Clock,
  everyMs = 10 * 60_000,
) {
  let last = 0;
  return {
    name: 'forward',
    run: async (): Promise<RunReport | void> => {
      if (clock.now() - last < everyMs) return;
      last = clock.now();
      return forward();
    },
    runNow: () => {
      last = clock.now();
      return forward();
    },
  };
}
