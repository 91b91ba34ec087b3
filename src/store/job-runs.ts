import { randomUUID } from 'node:crypto';
import type { Queryable } from './db.ts';

export type RunOutcome = 'running' | 'ok' | 'partial' | 'failed' | 'deferred';

/** What every job returns and what `job_runs` keeps: counts, API calls per endpoint, errors. */
export interface RunReport {
  runId: string;
  job: string;
  userId: string | null;
  startedAt: number;
  finishedAt?: number;
  outcome: RunOutcome;
  counts: Record<string, number>;
  apiCalls: Record<string, number>;
  errors: string[];
  resumeAt?: number;
  summary?: string;
}

export function newRunReport(job: string, userId: string | null, now: number): RunReport {
  return {
    runId: randomUUID(),
    job,
    userId,
    startedAt: now,
    outcome: 'running',
    counts: {},
    apiCalls: {},
    errors: [],
  };
}

export function bump(report: RunReport, key: string, by = 1): void {
  report.counts[key] = (report.counts[key] ?? 0) + by;
}

export async function saveRunReport(db: Queryable, report: RunReport): Promise<void> {
  await db.run(
    `INSERT INTO job_runs (run_id, job, user_id, started_at, finished_at, outcome, counts, api_calls, errors, resume_at, summary)
     VALUES (?, ?, ?, ?::TIMESTAMPTZ, ?::TIMESTAMPTZ, ?, ?, ?, ?, ?::TIMESTAMPTZ, ?)
     ON CONFLICT (run_id) DO UPDATE SET finished_at = excluded.finished_at, outcome = excluded.outcome, counts = excluded.counts,
       api_calls = excluded.api_calls, errors = excluded.errors, resume_at = excluded.resume_at, summary = excluded.summary`,
    [
      report.runId,
      report.job,
      report.userId,
      new Date(report.startedAt),
      report.finishedAt ? new Date(report.finishedAt) : null,
      report.outcome,
      JSON.stringify(report.counts),
      JSON.stringify(report.apiCalls),
      JSON.stringify(report.errors),
      report.resumeAt ? new Date(report.resumeAt) : null,
      report.summary ?? null,
    ],
  );
}

export interface JobRunRow extends Record<string, unknown> {
  run_id: string;
  job: string;
  user_id: string | null;
  started_at: Date;
  finished_at: Date | null;
  outcome: RunOutcome;
  counts: string | null;
  api_calls: string | null;
  errors: string | null;
  resume_at: Date | null;
  summary: string | null;
}

export async function recentRuns(
  db: Queryable,
  /** `withShared`: the account's runs and the ones of no account (user NULL: shows sync, resolve…). */
  options: { job?: string; userId?: string; withShared?: boolean; limit?: number } = {},
): Promise<JobRunRow[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (options.job) {
    where.push('job = ?');
    params.push(options.job);
  }
  if (options.userId) {
    where.push(options.withShared ? '(user_id = ? OR user_id IS NULL)' : 'user_id = ?');
    params.push(options.userId);
  }
  return db.all<JobRunRow>(
    `SELECT * FROM job_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ${Math.max(1, options.limit ?? 20)}`,
    params,
  );
}
