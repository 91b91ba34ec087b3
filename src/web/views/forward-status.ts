import { formatLocalTime } from '../../util/format.ts';
import type { DeadLetter } from '../../forward/ledger.ts';
import type { TargetSummary } from '../../forward/targets.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';

const LABEL = { listenbrainz: 'ListenBrainz', lastfm: 'Last.fm' } as const;

export interface ForwardView {
  targets: Array<TargetSummary & { letters: DeadLetter[] }>;
  csrf: string;
  timeZone: string;
  /** What the last retry did (shown once after the redirect). */
  notice?: string;
}

/** What a retry did, from the numbers the redirect carries. */
export function retryNotice(retried: string | undefined, left: string | undefined): string | undefined {
  const q = Number(retried);
  const l = Number(left);
  if (!Number.isInteger(q) || !Number.isInteger(l) || q < 0 || l < 0) return undefined;
  return `Retried ${q} dead letter(s): ${Math.max(0, q - l)} delivered, ${l} still refused.`;
}

/** Status page: one card row per forward target, its dead letters and a "retry" button. */
export function forwardSection(view: ForwardView): Html {
  if (!view.targets.length) return html``;
  const when = (ms: number | undefined) => (ms ? formatLocalTime(ms, view.timeZone) : 'never');
  return html`<section class="card" aria-labelledby="forward">
    <h2 id="forward">Forwarding</h2>
    ${view.notice ? html`<p class="badge" data-forward-notice>${view.notice}</p>` : ''}
    ${view.targets.map(
      (t) =>
        html`<div data-forward-target="${t.kind}">
          <h3>${LABEL[t.kind]} <span class="small muted">as ${t.remoteUser}</span></h3>
          ${
            t.enabled
              ? html`<p><span class="badge">Active</span> since ${when(t.sinceMs)}</p>`
              : html`<p class="problem" data-forward-disabled>
                  Stopped: ${t.stateReason ?? 'the token or session is not valid'} — run
                  <code>encore forward add ${t.kind}</code> to connect it again.
                </p>`
          }
          <dl class="kpis">
            <div class="kpi">
              <dt>Delivered</dt>
              <dd data-delivered="${t.deliveredCount}">${t.deliveredCount}</dd>
            </div>
            <div class="kpi">
              <dt>Last delivery</dt>
              <dd class="small">${when(t.lastDeliveryAt?.getTime())}</dd>
            </div>
            <div class="kpi">
              <dt>Dead letters</dt>
              <dd data-dead-letters="${t.deadLetters}">${t.deadLetters}</dd>
            </div>
          </dl>
          ${t.letters.length ? deadLetterTable(t, view) : ''}
        </div>`,
    )}
  </section>`;
}

function deadLetterTable(t: ForwardView['targets'][number], view: ForwardView): Html {
  return html`<div class="table-wrap">
      <table class="stack-narrow" data-table="dead-letters-${t.kind}">
        <thead>
          <tr>
            <th>Played</th>
            <th>Track</th>
            <th>Error</th>
            <th>Attempts</th>
          </tr>
        </thead>
        <tbody>
          ${t.letters.map(
            (d) =>
              html`<tr>
                <td data-label="Played">${formatLocalTime(d.playedAtMs, view.timeZone)}</td>
                <td data-label="Track">${d.artistName ?? '?'} — ${d.trackName ?? d.trackKey}</td>
                <td class="small" data-label="Error">
                  ${d.error}${d.retry ? html` <span class="badge plain">queued</span>` : ''}
                </td>
                <td data-label="Attempts">${d.attempts}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <form method="post" action="/status/forward/${t.targetId}/retry">
      <input type="hidden" name="_csrf" value="${view.csrf}" />
      <button type="submit" data-retry="${t.kind}">Retry ${t.deadLetters} dead letter(s)</button>
    </form>`;
}
