import { html } from 'hono/html';
import { type AccountStatus, describeProblem } from '../../capture/account-status.ts';
import { formatDate, formatLocalTime } from '../../util/format.ts';
import { formatInt } from '../format.ts';
import type { JobLine, RunLine, StatusPage } from '../loaders/status.ts';
import type { Html } from '../markup.ts';
import { forwardSection } from './forward-status.ts';

/**
 * Status: the signed-in account's capture state and problems (quota pauses, reconnect
 * needed, consent expiry), forwarding, backup, and recent job runs — its own and the
 * shared ones (user NULL).
 */
export function statusView(
  p: StatusPage,
  options: { csrf: string; timeZone: string; notice: string | undefined },
): Html {
  const { csrf, timeZone, notice } = options;
  const forwarding = forwardSection({
    targets: p.forwardTargets,
    csrf,
    timeZone,
    ...(notice ? { notice } : {}),
  });
  return html`<h1>Status</h1>
    ${p.status ? accountCard(p.status, timeZone) : html`<p>No account data yet.</p>`} ${forwarding}
    ${jobsCard(p.jobs, timeZone)} ${backupCard(csrf)} ${runsCard(p.runs, timeZone)}`;
}

const when = (d: Date | null, tz: string) => (d ? formatLocalTime(d.getTime(), tz) : '—');

function accountCard(status: AccountStatus, tz: string): Html {
  return html`<section class="card" aria-labelledby="acct">
    <h2 id="acct">Your account</h2>
    <dl class="kpis">
      <div class="kpi">
        <dt>Plays stored</dt>
        <dd data-plays-stored="${status.playsStored}">${formatInt(status.playsStored)}</dd>
      </div>
      <div class="kpi">
        <dt>Last capture</dt>
        <dd class="small">${status.lastCaptureAt ? formatLocalTime(status.lastCaptureAt, tz) : 'never'}</dd>
      </div>
      <div class="kpi">
        <dt>Next poll</dt>
        <dd class="small">${status.nextPollAt ? formatLocalTime(status.nextPollAt, tz) : '—'}</dd>
      </div>
      <div class="kpi">
        <dt>Consent expires</dt>
        <dd class="small">${status.consentExpiresAt ? formatDate(status.consentExpiresAt, tz) : '—'}</dd>
      </div>
    </dl>
    ${problemList(status, tz)}
  </section>`;
}

function problemList(status: AccountStatus, tz: string): Html {
  if (!status.problems.length)
    return html`<p><span class="badge">All good</span> No pauses, no reconnect needed.</p>`;
  return html`<ul>
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
  </ul>`;
}

function jobsCard(jobs: JobLine[], tz: string): Html {
  return html`<section class="card" aria-labelledby="jobs">
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
                <td data-label="Last run">${when(j.last.startedAt, tz)}</td>
                <td data-label="Outcome">${outcomeBadge(j.last.outcome)}</td>
                <td class="small" data-label="Last error">${j.lastError ?? '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${jobs.length ? '' : html`<p class="muted">No job has run yet.</p>`}
  </section>`;
}

function backupCard(csrf: string): Html {
  return html`<section class="card" aria-labelledby="backup">
    <h2 id="backup">Backup</h2>
    <p class="small">
      One file with the database, the token key and the rest of the data folder, taken while encore runs;
      <code>encore restore FILE</code> puts it back. It holds every account: keep it private.
    </p>
    <form method="post" action="/status/backup">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <button type="submit" data-backup>Download backup</button>
    </form>
  </section>`;
}

function runsCard(runs: RunLine[], tz: string): Html {
  return html`<section class="card" aria-labelledby="runs">
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
                <td data-label="Started">${when(r.startedAt, tz)}</td>
                <td data-label="Job">${r.job}</td>
                <td data-label="Outcome">
                  ${outcomeBadge(r.outcome)}${r.resumeAt ? html`<br /><span class="small muted">resumes ${when(r.resumeAt, tz)}</span>` : ''}
                </td>
                <td class="small" data-label="Summary">
                  ${r.summary ?? ''}${r.errors.map((e) => html`<br /><span class="problem">${e}</span>`)}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

function outcomeBadge(outcome: string): Html {
  const kind =
    outcome === 'ok' ? '' : outcome === 'failed' ? 'bad' : outcome === 'running' ? 'plain' : 'warn';
  return html`<span class="badge ${kind}">${outcome}</span>`;
}
