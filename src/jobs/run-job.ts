/**
 * The one job lifecycle. Every pipeline runs its body inside `runJob`, which owns what used
 * to be written out in each job: the run report, the call-counter snapshots, the outcome,
 * the `job_runs` row (also when the body throws) and the summary. So every run — capture,
 * backfill, import, resolve, shows sync, playlist refresh and create, forward — shows on the
 * Status page the same way.
 */
import type { CallCounter } from '../http/call-counter.ts';
import type { Queryable } from '../store/db.ts';
import { newRunReport, type RunOutcome, type RunReport, saveRunReport } from '../store/job-runs.ts';
import type { Clock } from '../util/clock.ts';

/** Every job name `job_runs` knows (the Status page and `POST /jobs/<name>` use them). */
export type JobName =
  | 'listen-log'
  | 'backfill'
  | 'history-import'
  | 'resolve'
  | 'shows-sync'
  | 'playlist-refresh'
  | 'playlist-create'
  | 'forward';

export interface JobRunDeps {
  db: Queryable;
  clock: Clock;
  /** Clients' counters: the report's `apiCalls` are the calls made during the run (each counter once). */
  counters?: readonly CallCounter[];
}

export interface JobRunOptions<T> {
  userId?: string | null;
  /** Keep a `running` row while the body works (long jobs, so Status shows them in progress). */
  saveAtStart?: boolean;
  /** Whether to keep the row at the end (e.g. capture skips passes that polled nobody). Default: always. */
  keep?: (report: RunReport, value: T) => boolean;
  /** The outcome when the body left it `running`; default `partial` with errors, `ok` without. */
  outcome?: (report: RunReport, value: T) => RunOutcome;
  summary?: (report: RunReport, value: T) => string;
}

export interface JobResult<T> {
  report: RunReport;
  value: T;
}

export async function runJob<T>(
  name: JobName,
  deps: JobRunDeps,
  options: JobRunOptions<T>,
  body: (report: RunReport) => Promise<T>,
): Promise<JobResult<T>> {
  const report = newRunReport(name, options.userId ?? null, deps.clock.now());
  const counters = distinct(deps.counters ?? []);
  const before = counters.map((c) => c.snapshot());
  const finish = () => {
    report.apiCalls = callsSince(counters, before);
    report.finishedAt = deps.clock.now();
  };
  if (options.saveAtStart) await saveRunReport(deps.db, report);
  let value: T;
  try {
    value = await body(report);
  } catch (error) {
    // An unexpected failure still leaves an honest record behind.
    finish();
    report.outcome = 'failed';
    report.errors.push(error instanceof Error ? error.message : String(error));
    await saveRunReport(deps.db, report).catch(() => undefined);
    throw error;
  }
  finish();
  if (report.outcome === 'running') report.outcome = (options.outcome ?? defaultOutcome)(report, value);
  if (options.summary) report.summary = options.summary(report, value);
  if (options.keep?.(report, value) ?? true) await saveRunReport(deps.db, report);
  return { report, value };
}

function defaultOutcome(report: RunReport): RunOutcome {
  return report.errors.length > 0 ? 'partial' : 'ok';
}

function distinct(counters: readonly CallCounter[]): CallCounter[] {
  return [...new Set(counters)];
}

function callsSince(counters: CallCounter[], before: Array<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  counters.forEach((counter, i) => {
    for (const [key, n] of Object.entries(counter.since(before[i] ?? {}))) out[key] = (out[key] ?? 0) + n;
  });
  return out;
}
