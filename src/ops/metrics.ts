import { createHash } from 'node:crypto';
import type { CallCounter } from '../http/call-counter.ts';
import type { Queryable } from '../store/db.ts';

/**
 * `GET /metrics` in the Prometheus text format (version 0.0.4). Plays and job outcomes
 * are read from the database, so they survive restarts; API calls come from the
 * process's shared call counter (src/http), so they count from the process start —
 * Prometheus handles counter resets. Accounts appear as a short SHA-256 of their id, so
 * a scrape never names a Spotify user.
 */
export interface MetricsSources {
  db: Queryable;
  counter: CallCounter;
}

export function accountLabel(userId: string): string {
  return createHash('sha256').update(userId).digest('hex').slice(0, 12);
}

/** A label value escaped as the text format wants: backslash, quote and newline. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function family(name: string, help: string, type: string, samples: string[]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples];
}

export async function renderMetrics(sources: MetricsSources): Promise<string> {
  const plays = await sources.db.all<{ user_id: string; source: string; n: number }>(
    'SELECT user_id, source, count(*) AS n FROM plays GROUP BY user_id, source ORDER BY user_id, source',
  );
  const runs = await sources.db.all<{ job: string; outcome: string; n: number }>(
    'SELECT job, outcome, count(*) AS n FROM job_runs GROUP BY job, outcome ORDER BY job, outcome',
  );
  const calls = Object.entries(sources.counter.snapshot());
  const lines = [
    ...family(
      'encore_plays_total',
      'Plays stored, per account (SHA-256 prefix of its id) and source.',
      'counter',
      plays.map(
        (r) => `encore_plays_total{account="${accountLabel(r.user_id)}",source="${label(r.source)}"} ${r.n}`,
      ),
    ),
    ...family(
      'encore_api_calls_total',
      'External API calls made by this process, per API and endpoint.',
      'counter',
      calls.map(([key, n]) => {
        const space = key.indexOf(' ');
        return `encore_api_calls_total{api="${label(key.slice(0, space))}",endpoint="${label(key.slice(space + 1))}"} ${n}`;
      }),
    ),
    ...family(
      'encore_job_runs_total',
      'Job runs per job and outcome (ok, partial, failed, deferred, running).',
      'counter',
      runs.map((r) => `encore_job_runs_total{job="${label(r.job)}",outcome="${label(r.outcome)}"} ${r.n}`),
    ),
    ...family(
      'encore_quota_pauses_total',
      'Job runs deferred because an API asked to wait (long Retry-After, QUOTA_EXCEEDED).',
      'counter',
      runs
        .filter((r) => r.outcome === 'deferred')
        .map((r) => `encore_quota_pauses_total{job="${label(r.job)}"} ${r.n}`),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
