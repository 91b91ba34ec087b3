import type { ShowArtist, ShowListing, ShowPerformer } from '../../shows/list-shows.ts';
import type { MatchRow } from '../../store/matches.ts';
import { STREAMS_LEGEND, streamsText } from '../../analytics/artist-streams.ts';
import { entityHref } from '../links.ts';
import { html } from 'hono/html';
import type { Html } from '../markup.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What a correction form needs besides the match: where to come back to, and its outcome. */
export interface FixContext {
  csrf: string;
  /** The page's query string, so a saved correction returns to the same page and filters. */
  back: string;
  /** The outcome of the last correction, shown next to the show it was made on. */
  result?: { eventKey: string; performer: string; ok: boolean; text: string };
}

/** A fragment id from any key: letters, digits and dashes only. */
export const idPart = (key: string) => key.replace(/[^a-z0-9]/gi, '-');

/** One show: its date block, name, venue and bill with matches, badges and explanations. */
export function showItem(listing: ShowListing, matches: Map<string, MatchRow>, fix: FixContext): Html {
  const e = listing.event;
  const [, month, day] = e.localDate.split('-');
  return html`<li
    class="show"
    id="show-${idPart(e.key)}"
    data-event="${e.key}"
    data-known="${String(listing.known)}"
  >
    <div class="date" aria-hidden="true">
      <span class="small">${MONTHS[Number(month) - 1] ?? ''}</span><strong>${Number(day)}</strong>
    </div>
    <div>
      <h3 style="margin:0;font-size:1.05rem">
        ${e.url ? html`<a href="${e.url}" rel="noopener noreferrer">${e.name}</a>` : e.name}
      </h3>
      <p class="small muted" style="margin:0.1rem 0">
        <time datetime="${e.localDate}">${e.localDate}</time>${e.localTime ? ` ${e.localTime}` : ''} ·
        ${e.venue.name}${e.venue.city ? `, ${e.venue.city}` : ''}
        ${e.status !== 'scheduled' ? html` · <span class="badge warn">${e.status}</span>` : ''}
        ${e.classification.genre ? html` · ${e.classification.genre}` : ''}
      </p>
      <ul class="performers">
        ${listing.performers.map((p) => performerItem(e.key, p, matches, fix))}
      </ul>
    </div>
  </li>`;
}

function performerItem(
  eventKey: string,
  p: ShowPerformer,
  matches: Map<string, MatchRow>,
  fix: FixContext,
): Html {
  return html`<li data-performer="${p.billed}">
    ${p.headliner ? html`<strong>${p.billed}</strong>` : p.billed}
    ${p.artists.map((a) => artistLine(eventKey, p, a, matches.get(a.key), fix))}
  </li>`;
}

function artistLine(
  eventKey: string,
  p: ShowPerformer,
  a: ShowArtist,
  row: MatchRow | undefined,
  fix: FixContext,
): Html {
  const split = p.artists.length > 1 || a.name !== p.billed;
  const target = a.match?.artistId
    ? html`→
        <a
          href="https://open.spotify.com/artist/${a.match.artistId}"
          rel="noopener noreferrer"
          data-spotify-artist
          >${a.match.artistName ?? a.match.artistId}</a
        >`
    : a.match
      ? html`<span class="muted">not on Spotify</span>`
      : html`<span class="muted">not matched yet</span>`;
  // The dashboard's count (src/analytics/artist-streams.ts), named the same way.
  // Played artists have a page in encore: the badge links to it.
  const badge =
    a.plays > 0 && a.match?.artistId
      ? html`<a
          class="badge"
          href="${entityHref('artist', a.match.artistId)}"
          data-entity="artist"
          data-plays="${a.plays}"
          title="${STREAMS_LEGEND}; all time, as on the dashboard"
          >♫ ${streamsText(a.plays)}</a
        >`
      : '';
  const result =
    fix.result && fix.result.eventKey === eventKey && fix.result.performer === a.name
      ? fix.result
      : undefined;
  return html`<div class="small" data-artist-key="${a.key}">
    ${split ? html`${a.name} ` : ''}${target} ${badge}
    ${a.match?.manual ? html`<span class="badge plain">set by hand</span>` : ''}
    ${
      result
        ? html`<p
            class="notice ${result.ok ? '' : 'bad'}"
            role="${result.ok ? 'status' : 'alert'}"
            data-fix-result
          >
            ${result.ok ? 'Saved: ' : 'Not saved: '}${result.text}
          </p>`
        : ''
    }
    ${row ? explanation(eventKey, a, row, fix, result !== undefined && !result.ok) : ''}
  </div>`;
}

/** Why encore decided this, and a form to decide otherwise (stored as a manual match). */
function explanation(eventKey: string, a: ShowArtist, row: MatchRow, fix: FixContext, open: boolean): Html {
  const options = (row.candidates ?? []).filter((c) => c.id !== row.artistId);
  // A performer plays many shows: the id names the show too, so each one is unique on the page.
  const id = `fix-${idPart(eventKey)}-${idPart(row.performerKey)}`;
  return html`<details ${open ? html`open` : ''}>
    <summary>Why this match?</summary>
    <p>${row.reason}</p>
    <p class="muted">
      Method: ${row.method}, score
      ${Math.round(row.score)}${
        row.runnerUp ? html`; runner-up ${row.runnerUp.name} (${Math.round(row.runnerUp.score)})` : ''
      }
    </p>
    <form method="post" action="/shows/match" class="inline">
      <input type="hidden" name="_csrf" value="${fix.csrf}" />
      <input type="hidden" name="performer" value="${a.name}" />
      <input type="hidden" name="event" value="${eventKey}" />
      <input type="hidden" name="back" value="${fix.back}" />
      <label for="${id}"
        >Correct it: ${a.name} is
        <select id="${id}" name="candidate">
          <option value="">— another artist (link below) —</option>
          ${options.map((c) => html`<option value="${c.id}">${c.name}</option>`)}
          <option value="none">not on Spotify (leave out)</option>
        </select></label
      >
      <label
        >Spotify artist link
        <input type="text" name="link" placeholder="https://open.spotify.com/artist/…" />
      </label>
      <button type="submit" class="secondary">Save</button>
    </form>
  </details>`;
}

/** Monday (UTC calendar) of a local date, as YYYY-MM-DD: shows are grouped by ISO week. */
export function weekOf(localDate: string): string {
  const d = new Date(`${localDate}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * 86_400_000).toISOString().slice(0, 10);
}

/** Shows under a heading per week ("Week of 3 Nov"), in the order given. */
export function showsByWeek(listings: ShowListing[], matches: Map<string, MatchRow>, fix: FixContext): Html {
  const weeks = new Map<string, ShowListing[]>();
  for (const l of listings) {
    const week = weekOf(l.event.localDate);
    weeks.set(week, [...(weeks.get(week) ?? []), l]);
  }
  return html`${[...weeks].map(([week, items]) => {
    const [, month, day] = week.split('-');
    return html`<h3 class="week" data-week="${week}">
        Week of ${Number(day)} ${MONTHS[Number(month) - 1] ?? ''}
        <span class="muted small">· ${items.length} ${items.length === 1 ? 'show' : 'shows'}</span>
      </h3>
      <ul style="list-style:none;margin:0;padding:0">
        ${items.map((l) => showItem(l, matches, fix))}
      </ul>`;
  })}`;
}
