import type { Context, Hono } from 'hono';
import type { TriggerResult } from '../../app/scheduler.ts';
import type { RunReport } from '../../store/job-runs.ts';
import { z } from 'zod';
import { redact } from '../../util/redact.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { validParams } from '../validate.ts';
import { authorizeJobCall } from './job-auth.ts';

/** Seconds a caller should wait when a run is deferred without a known resume time. */
const DEFAULT_RETRY_SECONDS = 60;

/**
 * Job triggers for an external scheduler (Cloud Scheduler, cron + curl): POST with a
 * bearer secret (ENCORE_JOB_SECRET) or a Cloud Scheduler OIDC token for ENCORE_JOB_INVOKER.
 * No cookie is read here; with neither setting the endpoints refuse everything.
 *
 * The status tells the truth, so Cloud Scheduler retries what needs retrying and its logs
 * show why: 200 with the run report when the job ran (`partial` included — the report
 * lists the errors), 500 when it failed, 503 + Retry-After when it was deferred (quota,
 * Retry-After from an API) or is already running, 404 for an unknown job.
 */
export function registerJobRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.post('/jobs/:name', validParams(z.object({ name: z.string() })), async (c) => {
    const auth = authorizeJobCall(
      c.req.header('authorization'),
      { secret: deps.config.jobSecret, invoker: deps.config.jobInvoker },
      deps.clock.now(),
    );
    if (!auth.ok) {
      deps.logger.warn('job trigger refused', { path: c.req.path, reason: auth.reason });
      return c.json({ error: 'a valid bearer secret (ENCORE_JOB_SECRET) or invoker token is required' }, 401);
    }
    if (!deps.scheduler) return c.json({ error: 'no scheduler is running in this process' }, 503);
    const { name } = c.req.valid('param');
    const result = await deps.scheduler.trigger(name);
    logTrigger(deps, name, result);
    return answer(c, deps, name, result);
  });
}

function answer(c: Context<WebEnv>, deps: WebDeps, name: string, result: TriggerResult) {
  switch (result.status) {
    case 'unknown':
      return c.json({ error: `unknown job "${name}"` }, 404);
    case 'busy':
      c.header('Retry-After', String(DEFAULT_RETRY_SECONDS));
      return c.json({ error: `job "${name}" is already running`, job: name }, 503);
    case 'threw':
      return c.json({ error: redact(result.error), job: name, outcome: 'failed' }, 500);
    case 'ran':
      return reportAnswer(c, deps, name, result.report);
  }
}

function reportAnswer(c: Context<WebEnv>, deps: WebDeps, name: string, report: RunReport | undefined) {
  // Some tasks have nothing to report (e.g. nothing was due); that is a success.
  if (!report) return c.json({ job: name, outcome: 'ok' });
  if (report.outcome === 'failed') return c.json(report, 500);
  if (report.outcome === 'deferred') {
    const wait = report.resumeAt
      ? Math.ceil((report.resumeAt - deps.clock.now()) / 1000)
      : DEFAULT_RETRY_SECONDS;
    c.header('Retry-After', String(Math.max(1, wait)));
    return c.json(report, 503);
  }
  return c.json(report);
}

function logTrigger(deps: WebDeps, name: string, result: TriggerResult): void {
  const outcome = result.status === 'ran' ? (result.report?.outcome ?? 'ok') : result.status;
  const fields = { job: name, outcome, ...(result.status === 'threw' ? { error: result.error } : {}) };
  if (outcome === 'failed' || outcome === 'threw') deps.logger.error('triggered job failed', fields);
  else deps.logger.info('triggered job', fields);
}
