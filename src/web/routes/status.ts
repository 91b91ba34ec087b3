import type { Hono } from 'hono';
import { accountStatuses, describeProblem } from '../../app/account-status.ts';
import { type JobRunRow, recentRuns } from '../../store/job-runs.ts';
import { formatDate, formatLocalTime } from '../../util/format.ts';
import type { WebDeps, WebEnv } from '../context.ts';
import { html } from 'hono/html';
import { renderPage } from '../layout.ts';
import { formatInt } from '../format.ts';
import { forwardCard, retryNotice } from './forward.ts';

/**
 * Status: the signed-in account's capture state and problems (quota pauses, reconnect
 * needed, consent expiry), and recent job runs — its own and the shared ones (user NULL).
 */
export function registerStatusRoutes(app: Hono<WebEnv>, deps: WebDeps): void {
  app.get('/api/status', async (c) => {
    const user = c.get('user')!;
    const all = await accountStatuses(deps.db, deps.services.spotify.tokens, deps.clock.now());
    return c.json(all.filter((s) => s.userId === user.userId));
  });

  app.get('/status', async (c) => {
    const user = c.get('user')!;
    const now = deps.clock.now();
    const status = (await accountStatuses(deps.db, deps.services.spotify.tokens, now)).find(
      (s) => s.userId === user.userId,
    );
    const runs = await recentRuns(deps.db, { userId: user.userId, withShared: true, limit: 30 });
    const tz = user.timeZone;
    const when = (d: Date | null) => (d ? formatLocalTime(d.getTime(), tz) : '—');
    const account = status
      ? html`<section class="card" aria-labelledby="acct">
          <h2 id="acct">Your account</h2>
          <dl class="kpis">
            <div class="kpi">
              <dt>Plays stored</dt>
              <dd data-plays-stored="${status.playsStored}">${formatInt(status.playsStored)}</dd>
            </div>
            <div class="kpi">
              <dt>Last capture</dt>
              <dd class="small">
                ${status.lastCaptureAt ? formatLocalTime(status.lastCaptureAt, tz) : 'never'}
              </dd>
            </div>
            <div class="kpi">
              <dt>Next poll</dt>
              <dd class="small">${status.nextPollAt ? formatLocalTime(status.nextPollAt, tz) : '—'}</dd>
            </div>
            <div class="kpi">
              <dt>Consent expires</dt>
              <dd class="small">
                ${status.consentExpiresAt ? formatDate(status.consentExpiresAt, tz) : '—'}
              </dd>
            </div>
          </dl>
          ${
            status.problems.length
              ? html`<ul>
                  ${status.problems.map(
                    (p) =>
                      html`<li class="problem">
                        ${describeProblem(
                          p,
                          (ms) => formatLocalTime(ms, tz),
                          (ms) => formatDate(ms, tz),
                        )}
                        ${
                          p.kind === 'reconnect_needed' || p.kind === 'consent_expiring'
                            ? html` · <a href="/login">Reconnect now</a>`
                            : ''
                        }
                      </li>`,
                  )}
                </ul>`
              : html`<p><span class="badge">All good</span> No pauses, no reconnect needed.</p>`
          }
        </section>`
      : html`<p>No account data yet.</p>`;
    const jobs = summariseJobs(runs);
    const notice = retryNotice(c.req.query('retried'), c.req.query('left'));
    const forwarding = await forwardCard(deps, user, c.get('session')!.csrfToken, notice);
    const body = html`<h1>Status</h1>
      ${account} ${forwarding}
      <section class="card" aria-labelledby="jobs">
        <h2 id="jobs">Jobs</h2>
        <div class="table-wrap">
          <table class="stack-narrow" data-table="jobs">
            <thead>
              <tr>
                <th>Job</th>
                <th>Last run</th>
                <th>Outcome</th>
                <th>Last error</th>
              </tr>
            </thead>
            <tbody>
              ${jobs.map(
                (j) =>
                  html`<tr>
                    <td data-label="Job">${j.job}</td>
                    <td data-label="Last run">${when(j.last.started_at)}</td>
                    <td data-label="Outcome">${outcomeBadge(j.last.outcome)}</td>
                    <td class="small" data-label="Last error">${j.lastError ?? '—'}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${jobs.length ? '' : html`<p class="muted">No job has run yet.</p>`}
      </section>
      <section class="card" aria-labelledby="backup">
        <h2 id="backup">Backup</h2>
        <p class="small">
          One file with the database, the token key and the rest of the data folder, taken while encore runs;
          <code>encore restore FILE</code> puts it back. It holds every account: keep it private.
        </p>
        <form method="post" action="/status/backup">
          <input type="hidden" name="_csrf" value="${c.get('session')!.csrfToken}" />
          <button type="submit" data-backup>Download backup</button>
        </form>
      </section>
      <section class="card" aria-labelledby="runs">
        <h2 id="runs">Recent runs</h2>
        <div class="table-wrap">
          <table class="stack-narrow" data-table="runs">
            <thead>
              <tr>
                <th>Started</th>
                <th>Job</th>
                <th>Outcome</th>
                <th>Summary / errors</th>
              </tr>
            </thead>
            <tbody>
              ${runs.map(
                (r) =>
                  html`<tr>
                    <td data-label="Started">${when(r.started_at)}</td>
                    <td data-label="Job">${r.job}</td>
                    <td data-label="Outcome">
                      ${outcomeBadge(r.outcome)}${r.resume_at ? html`<br /><span class="small muted">resumes ${when(r.resume_at)}</span>` : ''}
                    </td>
                    <td class="small" data-label="Summary">
                      ${r.summary ?? ''}${errorsOf(r).map((e) => html`<br /><span class="problem">${e}</span>`)}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>`;
    return c.html(renderPage(c, deps, { title: 'Status', body, active: 'status' }));
  });
}

function errorsOf(row: JobRunRow): string[] {
  try {
    const parsed: unknown = row.errors ? JSON.parse(row.errors) : [];
    return Array.isArray(parsed) ? parsed.map(String).slice(0, 3) : [];
  } catch {
    return [];
  }
}

function summariseJobs(runs: JobRunRow[]): Array<{ job: string; last: JobRunRow; lastError?: string }> {
  const out = new Map<string, { job: string; last: JobRunRow; lastError?: string }>();
  for (const run of runs) {
    const entry = out.get(run.job) ?? { job: run.job, last: run };
    if (!entry.lastError) entry.lastError = errorsOf(run)[0];
    out.set(run.job, entry);
  }
  return [...out.values()];
}

function outcomeBadge(outcome: string) {
  const kind =
    outcome === 'ok' ? '' : outcome === 'failed' ? 'bad' : outcome === 'running' ? 'plain' : 'warn';
  return html`<span class="badge ${kind}">${outcome}</span>`;
}
