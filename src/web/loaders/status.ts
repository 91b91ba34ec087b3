import { type AccountStatus, accountStatuses } from '../../capture/account-status.ts';
import { type JobRunRow, recentRuns } from '../../store/job-runs.ts';
import type { WebDeps, WebUser } from '../context.ts';
import type { ForwardView } from '../views/forward-status.ts';
import { loadForwardTargets } from './forward.ts';

/** One job run as the Status page lists it. */
export interface RunLine {
  job: string;
  startedAt: Date;
  outcome: string;
  resumeAt: Date | null;
  summary: string | null;
  /** The first three errors the run kept. */
  errors: string[];
}

export interface JobLine {
  job: string;
  last: RunLine;
  /** The latest error among the listed runs of this job. */
  lastError?: string;
}

export interface StatusPage {
  status: AccountStatus | undefined;
  runs: RunLine[];
  jobs: JobLine[];
  forwardTargets: ForwardView['targets'];
}

/** The signed-in account's capture state and problems (what /api/status answers). */
export async function loadOwnStatus(deps: WebDeps, user: WebUser): Promise<AccountStatus[]> {
  const all = await accountStatuses(deps.db, deps.services.spotify.tokens, deps.clock.now());
  return all.filter((s) => s.userId === user.userId);
}

/** Status: the account's state, its forward targets, and its recent runs plus the shared ones. */
export async function loadStatusPage(deps: WebDeps, user: WebUser): Promise<StatusPage> {
  const [status] = await loadOwnStatus(deps, user);
  const rows = await recentRuns(deps.db, { userId: user.userId, withShared: true, limit: 30 });
  const runs = rows.map(runLine);
  return { status, runs, jobs: summariseJobs(runs), forwardTargets: await loadForwardTargets(deps, user) };
}

function runLine(row: JobRunRow): RunLine {
  return {
    job: row.job,
    startedAt: row.started_at,
    outcome: row.outcome,
    resumeAt: row.resume_at,
    summary: row.summary,
    errors: errorsOf(row),
  };
}

function errorsOf(row: JobRunRow): string[] {
  try {
    const parsed: unknown = row.errors ? JSON.parse(row.errors) : [];
    return Array.isArray(parsed) ? parsed.map(String).slice(0, 3) : [];
  } catch {
    return [];
  }
}

/** The newest run of each job, newest job first, with its latest error. */
function summariseJobs(runs: RunLine[]): JobLine[] {
  const out = new Map<string, JobLine>();
  for (const run of runs) {
    const entry = out.get(run.job) ?? { job: run.job, last: run };
    if (!entry.lastError) entry.lastError = run.errors[0];
    out.set(run.job, entry);
  }
  return [...out.values()];
}
