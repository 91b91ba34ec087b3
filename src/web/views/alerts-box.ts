/**
 * "New for you" at the top of the Shows page: the shows of artists you love that encore
 * alerted you about and you have not dismissed, each with why (your streams or minutes
 * against your threshold) and a dismiss form; or a one-line hint when no threshold is set.
 */
import { STREAMS_LEGEND, streamsText } from '../../analytics/artist-streams.ts';
import { alertsEnabled, describeThreshold } from '../../alerts/thresholds.ts';
import { formatInt } from '../format.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';
import type { AlertsBox, OpenAlert } from '../loaders/alerts-box.ts';
import { idPart } from './shows.ts';

const HOW_TO_SET = html`<code>encore alerts set --plays 25</code> (or <code>--minutes 120</code>)`;

export function alertsBox(box: AlertsBox, csrf: string, back: string, dismissed: number | null): Html {
  const done =
    dismissed !== null
      ? html`<p class="notice" role="status" data-dismissed="${dismissed}">
          ${dismissed === 1 ? 'Alert dismissed' : `${formatInt(dismissed)} alerts dismissed`}: they will not
          come back.
        </p>`
      : '';
  if (!alertsEnabled(box.threshold))
    return html`${done}
      <p class="small muted" data-alerts-hint="off">
        Alerts are off for your account: ${HOW_TO_SET} turns them on.
      </p>`;
  const hint = box.own
    ? ''
    : html`<p class="small muted" data-alerts-hint="default">
        Alerts use the default threshold (${describeThreshold(box.threshold)}); set your own with
        ${HOW_TO_SET}.
      </p>`;
  if (!box.alerts.length) return html`${done}${hint}`;
  return html`${done}
    <section class="card alerts" aria-labelledby="new-for-you" data-alerts>
      <h2 id="new-for-you">New for you <span class="muted small">· ${box.alerts.length}</span></h2>
      <ul class="alert-list">
        ${box.alerts.map((a) => alertItem(a, box, csrf, back))}
      </ul>
      ${
        box.alerts.length > 1
          ? html`<form method="post" action="/shows/alerts/dismiss">
              <input type="hidden" name="_csrf" value="${csrf}" />
              <input type="hidden" name="back" value="${back}" />
              <input type="hidden" name="all" value="1" />
              <button type="submit" class="secondary">Dismiss all</button>
            </form>`
          : ''
      }
    </section>
    ${hint}`;
}

function alertItem(a: OpenAlert, box: AlertsBox, csrf: string, back: string): Html {
  const e = a.event;
  const names = a.artists.map((x) => x.name).join(', ');
  const where = e ? [e.venue.name, e.venue.city].filter(Boolean).join(', ') : null;
  return html`<li data-alert="${a.eventKey}" id="alert-${idPart(a.eventKey)}">
    <div>
      <strong>${names}</strong>
      ${
        e
          ? html`· ${e.url ? html`<a href="${e.url}" rel="noopener noreferrer">${e.name}</a>` : e.name}
              <br /><span class="small"
                ><time datetime="${e.localDate}">${e.localDate}</time>${e.localTime ? ` ${e.localTime}` : ''}
                ·
                ${where}${
                  a.distance
                    ? html` ·
                        <span data-distance="${a.distance.miles.toFixed(1)}"
                          >${a.distance.miles < 1 ? '< 1' : Math.round(a.distance.miles)} mi from
                          ${a.distance.place}</span
                        >`
                    : ''
                }${e.status !== 'scheduled' ? html` · <span class="badge warn">${e.status}</span>` : ''}</span
              >`
          : html`<span class="small muted">· the show is no longer listed</span>`
      }
      <br /><span class="small muted" data-why title="${STREAMS_LEGEND}"
        >Why:
        ${a.artists.map((x) => `${x.name} ${streamsText(x.plays)} / ${formatInt(x.minutes)} min`).join('; ')}
        — your threshold is ${describeThreshold(box.threshold)}</span
      >
    </div>
    <form method="post" action="/shows/alerts/dismiss">
      <input type="hidden" name="_csrf" value="${csrf}" />
      <input type="hidden" name="back" value="${back}" />
      <input type="hidden" name="event" value="${a.eventKey}" />
      <button type="submit" class="secondary" aria-label="Dismiss the alert for ${names}">Dismiss</button>
    </form>
  </li>`;
}
